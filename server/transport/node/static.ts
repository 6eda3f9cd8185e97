import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

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

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Vite puts content-hashed files under /assets/: they never change. */
  immutable: boolean;
}

/** Reads a file of the built client; null when absent or outside the client directory. */
export async function readStatic(clientDir: string, urlPath: string): Promise<StaticFile | null> {
  let rel: string;
  try {
    rel = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  const file = normalize(join(clientDir, rel));
  if (!file.startsWith(clientDir + sep)) return null;
  try {
    if (!(await stat(file)).isFile()) return null;
    return {
      body: await readFile(file),
      contentType: TYPES[extname(file)] ?? 'application/octet-stream',
      immutable: rel.startsWith('/assets/'),
    };
  } catch {
    return null;
  }
}
