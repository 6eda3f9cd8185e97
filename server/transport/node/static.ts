import { readFile, stat } from 'node:fs/promises';
import { resolveStatic } from '../staticFiles.ts';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  /** Vite puts content-hashed files under /assets/: they never change. */
  immutable: boolean;
}

/** Reads a file of the built client; null when absent or outside the client directory. */
export async function readStatic(clientDir: string, urlPath: string): Promise<StaticFile | null> {
  const target = resolveStatic(clientDir, urlPath);
  if (!target) return null;
  try {
    if (!(await stat(target.file)).isFile()) return null;
    return { body: await readFile(target.file), contentType: target.contentType, immutable: target.immutable };
  } catch {
    return null;
  }
}
