import type { ApiError, RestoreResult, VersionInfo, VersionList } from '../../shared/api.ts';
import { MAX_VERSION_NAME } from '../../shared/api.ts';
import type { VersionRecord } from '../storage/storage.ts';
import { ProtocolError } from './protocol.ts';
import type { Relay } from './relay.ts';
import type { Route } from './router.ts';

/** Versions are served as the whole document in Yjs's v2 update encoding. */
export const VERSION_CONTENT_TYPE = 'application/vnd.yjs.v2';

const json = (status: number, body: ApiError | VersionList | VersionInfo | RestoreResult): Route => ({ kind: 'json', status, body });

const info = (v: VersionRecord): VersionInfo => ({ id: v.id, createdAt: v.createdAt, kind: v.kind, name: v.name, bytes: v.bytes, editors: v.editors });

/** A version name as given: control characters out, trimmed; an error text when it is unusable. */
export function versionName(raw: string | null): string | { error: string } {
  // eslint-disable-next-line no-control-regex
  const name = (raw ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (!name) return { error: 'a version needs a name (?name=…)' };
  if ([...name].length > MAX_VERSION_NAME) return { error: `a version name is at most ${MAX_VERSION_NAME} characters` };
  return name;
}

/** Id of a version in a path: a positive safe integer in plain decimal, else null. */
function versionId(s: string): number | null {
  if (!/^[1-9][0-9]{0,15}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** The store or the room cannot take a write now: the client may retry. */
const unavailable = (err: unknown): Route => {
  const why = err instanceof ProtocolError ? err.message : 'the board cannot be saved right now';
  return { kind: 'json', status: 503, body: { error: `${why}; try again shortly` } };
};

/**
 * `/api/rooms/<roomId>/versions…` (docs/protocol.md "Version history"). Reached only
 * with the room id, i.e. the edit link: spectators, who know the view id, never get here.
 */
export async function versionRoute(relay: Relay, method: string, roomId: string, rest: string, search: URLSearchParams, ip: string): Promise<Route> {
  const isRead = method === 'GET' || method === 'HEAD';
  if (rest === '') {
    if (isRead) {
      const list = await relay.versions(roomId);
      return list ? json(200, { versions: list.map(info) }) : json(404, { error: 'room not found' });
    }
    if (method !== 'POST') return json(405, { error: 'use GET to list versions, POST ?name=… to save one' });
    const name = versionName(search.get('name'));
    if (typeof name !== 'string') return json(400, name);
    if (!relay.mayWriteVersion(ip)) return json(429, { error: 'too many versions saved from this address; try again in a minute' });
    try {
      const saved = await relay.saveVersion(roomId, name);
      return saved ? json(201, info(saved)) : json(404, { error: 'room not found' });
    } catch (err) {
      return unavailable(err);
    }
  }
  const m = /^\/([^/]+)(\/restore)?$/.exec(rest);
  const id = m ? versionId(m[1]) : null;
  if (!m || id === null) return json(404, { error: 'version not found' });
  if (!m[2]) {
    if (!isRead) return json(405, { error: 'method not allowed' });
    const found = await relay.version(roomId, id);
    return found ? { kind: 'body', status: 200, body: found.data, contentType: VERSION_CONTENT_TYPE } : json(404, { error: 'version not found' });
  }
  if (method !== 'POST') return json(405, { error: 'use POST to restore a version' });
  if (!relay.mayWriteVersion(ip)) return json(429, { error: 'too many versions restored from this address; try again in a minute' });
  try {
    const done = await relay.restoreVersion(roomId, id);
    return done ? json(200, { touched: done.touched, savedBefore: info(done.savedBefore) }) : json(404, { error: 'version not found' });
  } catch (err) {
    return unavailable(err);
  }
}
