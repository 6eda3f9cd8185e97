/**
 * Folds a room's stored snapshot and the updates logged after it into one new snapshot
 * (a v2 update of the whole document). Compaction goes through this rather than
 * encoding the room's live Y.Doc because encoding a board of megabytes takes tens of
 * milliseconds, and on the event loop that stalls every room's fan-out; an
 * implementation can do the work on another thread (server/compaction/).
 */
export interface Compactor {
  /** Where folds run, for the log: 'thread' or 'inline' (on the event loop). */
  readonly where: string;
  fold(snapshot: Uint8Array | null, updates: Uint8Array[]): Promise<Uint8Array>;
  close(): Promise<void>;
}
