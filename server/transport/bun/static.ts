import { stat } from 'node:fs/promises';
import { cacheControl, resolveStatic } from '../staticFiles.ts';

/**
 * A file of the built client as a response (Bun streams it from disk, sendfile where it can),
 * or null when absent, not a regular file, or outside the client directory.
 */
export async function staticResponse(clientDir: string, urlPath: string, status = 200, cache?: string): Promise<Response | null> {
  const target = resolveStatic(clientDir, urlPath);
  if (!target) return null;
  try {
    // Bun.file() of a directory does not fail until read: check it is a regular file first.
    if (!(await stat(target.file)).isFile()) return null;
  } catch {
    return null;
  }
  const headers = { 'content-type': target.contentType, 'cache-control': cache ?? cacheControl(target) };
  // For HEAD Bun sends the headers (with the real Content-Length) and no body.
  return new Response(Bun.file(target.file), { status, headers });
}
