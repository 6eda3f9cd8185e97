/**
 * The room id in an editor's socket URL (`/ws/<room>`, query ignored), or null for any
 * other path. A malformed %-escape is kept as it is rather than thrown: it is no valid
 * room id, so the socket is accepted and closed with 4404 like any unknown room.
 */
export function socketRoomId(url: string): string | null {
  const m = /^\/ws\/([^/?]*)/.exec(url);
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return m[1];
  }
}
