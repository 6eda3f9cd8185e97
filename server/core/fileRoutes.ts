import { createHash } from 'node:crypto';
import type { ApiError } from '../../shared/api.ts';
import { SHA256_HEX, sniffImageType } from '../files/sniff.ts';
import type { Relay } from './relay.ts';
import type { BodyReader, Route } from './router.ts';

/** What a stored file is served with (docs/protocol.md "Files"): its name is its hash, so it never changes. */
export const FILE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'private, max-age=31536000, immutable',
  'content-disposition': 'inline',
  'x-content-type-options': 'nosniff',
};

const json = (status: number, body: ApiError | object): Route => ({ kind: 'json', status, body });
const fileNotFound = json(404, { error: 'file not found' });

/**
 * `/api/rooms/<roomId>/files/<sha256>` (PUT stores, GET reads) and
 * `/api/views/<viewId>/files/<sha256>` (GET: the spectators of that room). A file belongs
 * to one room: asked for through another room or another room's view, it is 404.
 */
export async function fileRoute(relay: Relay, method: string, via: 'rooms' | 'views', id: string, rest: string, ip: string, body: BodyReader): Promise<Route> {
  const isRead = method === 'GET' || method === 'HEAD';
  const m = /^\/([^/]+)$/.exec(rest);
  if (!m) return fileNotFound;
  const sha = m[1];
  if (via === 'views') {
    if (!isRead) return json(405, { error: 'spectators can only read files' });
    if (!SHA256_HEX.test(sha)) return fileNotFound;
    const rec = await relay.roomForView(id);
    return served(rec ? await relay.file(rec.id, sha) : null);
  }
  if (isRead) {
    if (!SHA256_HEX.test(sha)) return fileNotFound;
    return served(await relay.file(id, sha));
  }
  if (method !== 'PUT') return json(405, { error: 'use PUT to upload a file, GET to read one' });
  if (!(await relay.hasRoom(id))) return json(404, { error: 'room not found' });
  if (!SHA256_HEX.test(sha)) return json(400, { error: 'a file is named by the SHA-256 of its bytes: 64 lowercase hex digits' });
  if (!relay.mayWriteFile(ip)) return json(429, { error: 'too many files uploaded from this address; try again in a minute' });
  const { maxFileBytes } = relay.fileLimits;
  const data = await body(maxFileBytes);
  if (data === null) return json(413, { error: `a file is at most ${maxFileBytes} bytes` });
  if (data.length === 0) return json(400, { error: 'the body is the file: it is empty' });
  if (createHash('sha256').update(data).digest('hex') !== sha) return json(400, { error: 'the SHA-256 of the body is not the one in the path' });
  const type = sniffImageType(data);
  if (!type) return json(415, { error: 'only PNG, JPEG, GIF and WebP images are accepted' });
  try {
    const result = await relay.putFile({ roomId: id, sha256: sha, type, createdAt: Date.now() }, data);
    if (result === 'quota') return json(507, { error: `this board's images take all the room it has (${relay.fileLimits.roomFilesBytes} bytes)` });
    return json(result === 'created' ? 201 : 200, { sha256: sha, type, bytes: data.length });
  } catch {
    return json(503, { error: 'the file cannot be saved right now; try again shortly' });
  }
}

function served(file: { type: string; data: Uint8Array } | null): Route {
  if (!file) return fileNotFound;
  return { kind: 'body', status: 200, body: file.data, contentType: file.type, headers: FILE_HEADERS };
}
