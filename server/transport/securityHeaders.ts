/**
 * The headers every HTTP response of the relay carries, on Node and Bun alike. The
 * relay is on the public internet and boards hold whatever other editors wrote, so the
 * page runs only the app's own code even if something slipped past the client's
 * validation (client/board/sanitize.ts):
 *
 * - script-src 'self': only the built bundle; no inline scripts, eval or other origins.
 * - style-src 'self' + the 404 page's one inline style by hash: no style attributes or
 *   <style> injected at runtime (the client sets styles through the CSSOM, which CSP
 *   does not govern, and custom properties with setProperty).
 * - img-src data: blob:: the favicon and the eraser cursor are data: URLs; exports are
 *   drawn to a canvas and handed out as blobs.
 * - connect-src 'self': fetch, EventSource and the WebSocket (CSP Level 3 'self' covers
 *   ws:/wss: to the same host, as Chromium and Firefox implement it).
 * - frame-ancestors 'none' + X-Frame-Options: no framing (clickjacking a board).
 * - base-uri 'none', form-action 'self', object-src 'none': no other way in.
 * - Referrer-Policy: no-referrer: an edit link in the address bar never leaks to anyone.
 */
import { createHash } from 'node:crypto';
import { NOT_FOUND_STYLE } from '../core/notFoundPage.ts';

const styleHash = (css: string) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`;

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${styleHash(NOT_FOUND_STYLE)}`,
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/** Sets the security headers on a Fetch API Headers object (Bun), replacing any set before. */
export function applySecurityHeaders(headers: Headers): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
}

/** The same as raw HTTP/1.1 header lines, for responses written straight to a socket (Node upgrade refusals). */
export const SECURITY_HEADER_LINES = Object.entries(SECURITY_HEADERS)
  .map(([name, value]) => `${name}: ${value}\r\n`)
  .join('');
