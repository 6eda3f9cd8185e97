import type { DocState } from '../../shared/docBody.ts';

/**
 * A room's document log, as the room sees it: the updates it accepted, in order, each
 * with a sequence number, plus what the log knows of the whole document. The room
 * knows no storage: the local log (SQLite/Postgres and an in-memory tail) implements
 * this today; a shared log (a Redis stream) can replace it without touching the room.
 */
export interface DocLog {
  /** Seq of the last update appended. */
  readonly lastSeq: number;
  /** Size of the document as logged (its snapshot and the updates since): what MAX_DOC_BYTES bounds. */
  readonly bytes: number;
  /** False while the store refuses writes: the room then refuses updates (see Room.saving). */
  readonly saving: boolean;
  /** Logs an update that is about to go out; returns its seq. */
  append(update: Uint8Array): number;
  /**
   * The document as an encoding and the updates logged since, for GET /doc; `encode`
   * makes a fresh encoding when the log holds none.
   */
  state(encode: () => Uint8Array): DocState;
  /** Drops what the log holds in memory of the document (after an update Yjs could not apply). */
  invalidate(): void;
  /** Resolves once everything appended so far is durable; rejects if the store failed it. */
  flush(): Promise<void>;
  /** flush(), then folds the log into a snapshot. */
  persist(): Promise<void>;
  /** The room went away: stop timers (pending writes still complete). */
  close(): void;
  /** Called when `saving` changes. */
  onSavingChanged: (saving: boolean) => void;
}
