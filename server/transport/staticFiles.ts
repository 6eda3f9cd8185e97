import { extname, join, normalize, sep } from 'node:path';

/** Content types of what `vite build` emits; shared so Node and Bun serve the same headers. */
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticTarget {
  /** Absolute path, guaranteed to be inside the client directory. */
  file: string;
  contentType: string;
  /** Vite puts content-hashed files under /assets/: they never change. */
  immutable: boolean;
}

/** Maps a URL path to a file of the built client; null when malformed or outside the directory. */
export function resolveStatic(clientDir: string, urlPath: string): StaticTarget | null {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(clientDir, rel));
  if (!file.startsWith(clientDir + sep)) return null;
  return { file, contentType: TYPES[extname(file)] ?? 'application/octet-stream', immutable: rel.startsWith('/assets/') };
}

/** The Cache-Control a served file gets. */
export const cacheControl = (t: StaticTarget): string => (t.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
