/**
 * The relay's version history API (docs/protocol.md "Version history"), as the History
 * panel uses it. Answers are checked field by field: the list carries names other
 * people typed, and only validated strings reach the panel (as text nodes).
 */
import type { VersionInfo } from '../../shared/api.ts';

const KINDS = new Set(['auto', 'compaction', 'named']);
const MAX_TEXT = 100;

const text = (v: unknown): string | null => (typeof v === 'string' ? [...v.replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, MAX_TEXT).join('') : null);

/** One entry of the list as the relay sent it, or null if it is not one. */
export function parseVersion(v: unknown): VersionInfo | null {
  if (!v || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  if (!Number.isSafeInteger(o.id) || (o.id as number) <= 0) return null;
  if (typeof o.createdAt !== 'number' || !Number.isFinite(o.createdAt)) return null;
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return null;
  const editors = Array.isArray(o.editors) ? o.editors.slice(0, 20).map(text).filter((e): e is string => !!e) : [];
  return {
    id: o.id as number,
    createdAt: o.createdAt,
    kind: o.kind as VersionInfo['kind'],
    name: o.name === null ? null : text(o.name),
    bytes: typeof o.bytes === 'number' && Number.isFinite(o.bytes) ? o.bytes : 0,
    editors,
  };
}

const base = (roomId: string) => `/api/rooms/${encodeURIComponent(roomId)}/versions`;

async function errorOf(res: Response): Promise<string> {
  try {
    const e = ((await res.json()) as { error?: unknown }).error;
    if (typeof e === 'string') return text(e) ?? `${res.status}`;
  } catch {
    /* not JSON */
  }
  return `${res.status} ${res.statusText}`;
}

export type Result<T> = { ok: true; value: T } | { ok: false; message: string };

async function call<T>(fn: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await fn();
  } catch (err) {
    return { ok: false, message: navigator.onLine ? String(err instanceof Error ? err.message : err) : 'You are offline: history needs the relay.' };
  }
}

/** The board's versions, newest first. */
export const listVersions = (roomId: string) =>
  call<VersionInfo[]>(async () => {
    const res = await fetch(base(roomId), { headers: { accept: 'application/json' } });
    if (!res.ok) return { ok: false, message: await errorOf(res) };
    const body = (await res.json()) as { versions?: unknown };
    const list = Array.isArray(body.versions) ? body.versions.map(parseVersion).filter((v): v is VersionInfo => v !== null) : [];
    return { ok: true, value: list };
  });

/** A version's document (Yjs v2 update). */
export const fetchVersion = (roomId: string, id: number) =>
  call<Uint8Array>(async () => {
    const res = await fetch(`${base(roomId)}/${id}`);
    if (!res.ok) return { ok: false, message: await errorOf(res) };
    return { ok: true, value: new Uint8Array(await res.arrayBuffer()) };
  });

/** Saves the board as it is on the relay now under `name`. */
export const saveVersion = (roomId: string, name: string) =>
  call<VersionInfo>(async () => {
    const res = await fetch(`${base(roomId)}?name=${encodeURIComponent(name)}`, { method: 'POST' });
    if (!res.ok) return { ok: false, message: await errorOf(res) };
    const v = parseVersion(await res.json());
    return v ? { ok: true, value: v } : { ok: false, message: 'unexpected answer from the relay' };
  });
