import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

/** A stand-in for the built client: the headers do not depend on what the files hold. */
function fakeClientDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wb-client-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Whiteboard</title><div id="app"></div><script type="module" src="/assets/app-1234.js"></script>\n');
  writeFileSync(join(dir, 'assets/app-1234.js'), 'export {};\n');
  return dir;
}

/** The CSP as directive -> sources. */
function parseCsp(header: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) out.set(name, sources);
  }
  return out;
}

function expectSecurityHeaders(res: Response, what: string): void {
  const h = res.headers;
  expect(h.get('x-content-type-options'), what).toBe('nosniff');
  expect(h.get('referrer-policy'), what).toBe('no-referrer');
  expect(h.get('x-frame-options'), what).toBe('DENY');
  const csp = parseCsp(h.get('content-security-policy'));
  expect(csp.get('default-src'), what).toEqual(["'self'"]);
  expect(csp.get('script-src'), what).toEqual(["'self'"]);
  expect(csp.get('connect-src'), what).toEqual(["'self'"]);
  expect(csp.get('img-src'), what).toEqual(["'self'", 'data:', 'blob:']);
  expect(csp.get('frame-ancestors'), what).toEqual(["'none'"]);
  expect(csp.get('base-uri'), what).toEqual(["'none'"]);
  expect(csp.get('form-action'), what).toEqual(["'self'"]);
  expect(csp.get('object-src'), what).toEqual(["'none'"]);
  // styles: our own sheets, plus hashes of constant inline styles, never 'unsafe-inline'
  const style = csp.get('style-src') ?? [];
  expect(style[0], what).toBe("'self'");
  for (const s of style.slice(1)) expect(s, what).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  for (const sources of csp.values()) expect(sources.join(' '), what).not.toMatch(/unsafe-(inline|eval)|\*/);
}

describe.each(RUNTIMES)('security headers on every HTTP response (%s)', (runtime) => {
  let relay: RelayProcess;
  let viewId: string;
  let roomId: string;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { CLIENT_DIR: fakeClientDir() } });
    const room = await createRoom(relay.http);
    roomId = room.id;
    viewId = room.viewUrl.split('/').pop()!;
  });
  afterAll(() => relay.stop());

  it('the app page (landing and edit link), an asset, JSON, the document and metrics', async () => {
    for (const path of ['/', `/r/${roomId}`, `/v/${viewId}`, '/assets/app-1234.js', '/api/rooms/' + roomId, `/api/rooms/${roomId}/doc`, '/healthz', '/metrics']) {
      const res = await fetch(relay.http + path);
      expect(res.status, path).toBe(200);
      expectSecurityHeaders(res, path);
      await res.arrayBuffer();
    }
    const head = await fetch(`${relay.http}/`, { method: 'HEAD' });
    expectSecurityHeaders(head, 'HEAD /');
    const created = await fetch(`${relay.http}/api/rooms`, { method: 'POST' });
    expect(created.status).toBe(201);
    expectSecurityHeaders(created, 'POST /api/rooms');
  });

  it('errors: the 404 page (whose inline style the CSP allows by its hash), JSON 404 and 405', async () => {
    const page = await fetch(`${relay.http}/r/AAAAAAAAAAAAAAAAAAAAAA`);
    expect(page.status).toBe(404);
    expectSecurityHeaders(page, '404 page');
    const html = await page.text();
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const hash = `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    expect(parseCsp(page.headers.get('content-security-policy')).get('style-src')).toContain(hash);
    for (const [path, method, status] of [['/nothing-here', 'GET', 404], ['/api/rooms/nope', 'GET', 404], ['/api/rooms', 'GET', 405], ['/healthz', 'POST', 405]] as const) {
      const res = await fetch(relay.http + path, { method });
      expect(res.status, path).toBe(status);
      expectSecurityHeaders(res, `${method} ${path}`);
      await res.arrayBuffer();
    }
  });

  it('the spectator stream (SSE), GET and HEAD', async () => {
    const abort = new AbortController();
    const res = await fetch(`${relay.http}/rooms/${viewId}/events`, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    expectSecurityHeaders(res, 'SSE');
    abort.abort();
    await res.body?.cancel().catch(() => undefined);
    const head = await fetch(`${relay.http}/rooms/${viewId}/events`, { method: 'HEAD' });
    expectSecurityHeaders(head, 'SSE HEAD');
  });
});
