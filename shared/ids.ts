/** Room and view ids: 128 random bits (rooms) or a truncated HMAC (views), base64url, 22 chars. */
export const ID_LENGTH = 22;
const ID_RE = /^[A-Za-z0-9_-]{22}$/;

export function isValidId(id: unknown): boolean {
  return typeof id === 'string' && ID_RE.test(id);
}

/** Paths of the two links a room has, relative to the server. */
export const editPath = (roomId: string) => `/r/${roomId}`;
export const viewPath = (viewId: string) => `/v/${viewId}`;
export const wsPath = (roomId: string) => `/ws/${roomId}`;
export const eventsPath = (viewId: string) => `/rooms/${viewId}/events`;
/** The room's whole document as one Yjs v2 update, for a fast first load. */
export const docPath = (roomId: string) => `/api/rooms/${roomId}/doc`;

/** Parses `/r/<id>` or `/v/<id>`; null for anything else. */
export function parseBoardPath(pathname: string): { mode: 'edit' | 'view'; id: string } | null {
  const m = /^\/(r|v)\/([^/]+)\/?$/.exec(pathname);
  if (!m || !isValidId(m[2])) return null;
  return { mode: m[1] === 'r' ? 'edit' : 'view', id: m[2] };
}
