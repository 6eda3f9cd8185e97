import { parseBoardPath } from '../../shared/ids.ts';
import type { ApiError, RoomInfo, ViewInfo } from '../../shared/api.ts';
import { docPath, eventsPath, viewPath } from '../../shared/ids.ts';
import type { Relay } from './relay.ts';
import { renderMetrics } from './metrics.ts';
import { DOC_CONTENT_TYPE, docBodyParts } from '../../shared/docBody.ts';
import { versionRoute } from './versionRoutes.ts';
import { fileRoute } from './fileRoutes.ts';

/**
 * What an HTTP request should get, decided without touching any runtime's HTTP types;
 * each transport turns a Route into its own response.
 */
export type Route =
  | { kind: 'json'; status: number; body: RoomInfo | ViewInfo | ApiError | object }
  /** The client app's index.html; `preload`: a URL the page will fetch first (sent as a Link header). */
  | { kind: 'app'; preload?: string }
  /** The HTML "board not found" page (status 404). */
  | { kind: 'notFoundPage' }
  /** A file of the built client, looked up by the transport; 404 page when absent. */
  | { kind: 'asset'; path: string }
  | { kind: 'events'; viewId: string }
  /** `body` as parts is written one part after the other (no copy into one buffer). */
  | { kind: 'body'; status: number; body: string | Uint8Array | Uint8Array[]; contentType: string; headers?: Readonly<Record<string, string>> };

/**
 * Reads the request body, at most `maxBytes` of it: null once it is longer (the transport
 * stops reading and closes the connection after the answer), so no request makes the
 * relay hold more than `maxBytes`.
 */
export type BodyReader = (maxBytes: number) => Promise<Uint8Array | null>;
const noBody: BodyReader = async () => new Uint8Array(0);

/** Why a spectator stream was refused (Relay.watch), as its JSON error. */
export const streamRefusal: Record<404 | 429 | 503, string> = {
  404: 'board not found',
  429: 'too many spectator streams from this address',
  503: 'this board has as many spectators as it can take',
};

const json = (status: number, body: RoomInfo | ViewInfo | ApiError | object): Route => ({ kind: 'json', status, body });
const notFound = (what: string): Route => json(404, { error: `${what} not found` });

/** A Link header preloading `url` the way client/sync/api.ts fetches it (same-origin fetch). */
export const preloadLink = (url: string) => `<${url}>; rel=preload; as=fetch; crossorigin`;

/** `ip`: the client's address (clientIp.ts), for the per-address caps. */
export async function route(
  relay: Relay,
  method: string,
  pathname: string,
  ip: string,
  search: URLSearchParams = new URLSearchParams(),
  body: BodyReader = noBody,
): Promise<Route> {
  const isRead = method === 'GET' || method === 'HEAD';

  if (pathname === '/api/rooms') {
    if (method !== 'POST') return json(405, { error: 'use POST to create a room' });
    const info = await relay.createRoom(ip);
    return info ? json(201, info) : json(429, { error: 'too many boards created from this address; try again in a minute' });
  }
  let m = /^\/api\/rooms\/([^/]*)$/.exec(pathname);
  if (m) {
    if (!isRead) return json(405, { error: 'method not allowed' });
    const info = await relay.getRoom(m[1]);
    return info ? json(200, info) : notFound('room');
  }
  m = /^\/api\/rooms\/([^/]*)\/doc$/.exec(pathname);
  if (m) {
    if (!isRead) return json(405, { error: 'method not allowed' });
    const state = await relay.docState(m[1]);
    return state ? { kind: 'body', status: 200, body: docBodyParts(state), contentType: DOC_CONTENT_TYPE } : notFound('room');
  }
  m = /^\/api\/rooms\/([^/]*)\/versions(\/.*)?$/.exec(pathname);
  if (m) return versionRoute(relay, method, m[1], m[2] ?? '', search, ip);
  m = /^\/api\/(rooms|views)\/([^/]*)\/files(\/.*)?$/.exec(pathname);
  if (m) return fileRoute(relay, method, m[1] as 'rooms' | 'views', m[2], m[3] ?? '', ip, body);
  m = /^\/api\/views\/([^/]*)$/.exec(pathname);
  if (m) {
    if (!isRead) return json(405, { error: 'method not allowed' });
    const rec = await relay.roomForView(m[1]);
    if (!rec) return notFound('board');
    const info: ViewInfo = { viewId: rec.viewId, viewUrl: viewPath(rec.viewId), eventsUrl: eventsPath(rec.viewId) };
    return json(200, info);
  }
  if (pathname.startsWith('/api/')) return notFound('endpoint');

  m = /^\/rooms\/([^/]*)\/events$/.exec(pathname);
  if (m) {
    if (!isRead) return json(405, { error: 'method not allowed' });
    return (await relay.roomForView(m[1])) ? { kind: 'events', viewId: m[1] } : notFound('board');
  }

  if (!isRead) return json(405, { error: 'method not allowed' });
  if (pathname === '/healthz') {
    const h = relay.health();
    return json(h.ok ? 200 : 503, h);
  }
  if (pathname === '/metrics') {
    return { kind: 'body', status: 200, body: renderMetrics(relay.health()), contentType: 'text/plain; version=0.0.4' };
  }
  // The landing page is the app itself: on '/' it creates a board with POST /api/rooms
  // and moves to its edit link (client/main.ts). A GET never creates a room, so no
  // <img src>, prefetch or crawler anywhere can fill the database with boards.
  if (pathname === '/') return { kind: 'app' };
  if (/^\/[rv]\//.test(pathname)) {
    const board = parseBoardPath(pathname);
    if (!board) return { kind: 'notFoundPage' };
    const exists = board.mode === 'edit' ? await relay.getRoom(board.id) : await relay.roomForView(board.id);
    if (!exists) return { kind: 'notFoundPage' };
    // The editor's first request: the browser starts it with the page, not after the scripts.
    return board.mode === 'edit' ? { kind: 'app', preload: docPath(board.id) } : { kind: 'app' };
  }
  return { kind: 'asset', path: pathname };
}
