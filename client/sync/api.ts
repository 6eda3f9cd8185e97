/** The relay's HTTP API (shared/api.ts). Errors are values: callers show a page for them. */
import type { RoomInfo, ViewInfo } from '../../shared/api.ts';
import { docPath } from '../../shared/ids.ts';

export type Lookup<T> = { ok: true; value: T } | { ok: false; notFound: boolean; message: string };

async function getJson<T>(url: string, init?: RequestInit): Promise<Lookup<T>> {
  try {
    const res = await fetch(url, { headers: { accept: 'application/json' }, ...init });
    if (res.ok) return { ok: true, value: (await res.json()) as T };
    let message = `${res.status} ${res.statusText}`;
    try {
      message = ((await res.json()) as { error?: string }).error ?? message;
    } catch {
      /* not JSON */
    }
    return { ok: false, notFound: res.status === 404, message };
  } catch (err) {
    return { ok: false, notFound: false, message: err instanceof Error ? err.message : String(err) };
  }
}

export const createRoom = () => getJson<RoomInfo>('/api/rooms', { method: 'POST' });
export const getRoom = (roomId: string) => getJson<RoomInfo>(`/api/rooms/${encodeURIComponent(roomId)}`);
export const getView = (viewId: string) => getJson<ViewInfo>(`/api/views/${encodeURIComponent(viewId)}`);

/**
 * The room's document (the body of GET /doc, shared/docBody.ts), or null if it could
 * not be fetched: the caller then gets it through the socket's sync exchange, only
 * more slowly.
 */
export async function fetchDoc(roomId: string): Promise<Uint8Array | null> {
  try {
    // matches the page's Link preload (router.ts), so the response it started is used
    const res = await fetch(docPath(roomId));
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : null;
  } catch {
    return null;
  }
}
