/** The relay's HTTP API (shared/api.ts). Errors are values: callers show a page for them. */
import type { RoomInfo, ViewInfo } from '../../shared/api.ts';

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
