import type { VersionKind, VersionRecord } from './storage.ts';

/** A row of the versions table as both stores return it (bigints may come back as strings). */
export interface VersionRow {
  id: number | string | bigint;
  room_id: string;
  created_at: number | string | bigint;
  kind: string;
  name: string | null;
  seq: number | string | bigint;
  editors: string;
  bytes: number | string | bigint;
  base_id: number | string | bigint | null;
}

/** A version was to be stored against a base version that is gone (or not whole): store it whole instead. */
export class MissingBaseVersion extends Error {
  constructor(readonly baseId: number) {
    super(`base version ${baseId} is not there`);
  }
}

const KINDS: readonly VersionKind[] = ['auto', 'compaction', 'named'];

export function toVersion(r: VersionRow): VersionRecord {
  let editors: string[] = [];
  try {
    const parsed: unknown = JSON.parse(r.editors);
    if (Array.isArray(parsed)) editors = parsed.filter((e): e is string => typeof e === 'string');
  } catch {
    /* a row written by something else: no names */
  }
  return {
    id: Number(r.id),
    roomId: r.room_id,
    createdAt: Number(r.created_at),
    kind: KINDS.includes(r.kind as VersionKind) ? (r.kind as VersionKind) : 'auto',
    name: r.name,
    seq: Number(r.seq),
    bytes: Number(r.bytes),
    editors,
    baseId: r.base_id === null || r.base_id === undefined ? null : Number(r.base_id),
  };
}

/** The files column of a version: its hashes joined by spaces; NULL when not recorded. */
export const filesColumn = (files: readonly string[] | undefined): string | null => (files ? [...files].sort().join(' ') : null);

export function fromFilesColumn(v: unknown): string[] | null {
  if (typeof v !== 'string') return null;
  return v === '' ? [] : v.split(' ');
}
