import type { DocState } from '../../shared/docBody.ts';
import type { SeqUpdate } from './stateCache.ts';

/** An entry of a shared log, as the room gets it. */
export interface LoggedEntry {
  update: Uint8Array;
  seq: number;
  fromHere: boolean;
}

/** Presence across relays (cluster mode): the room publishes its editors' awareness changes and hears the others'. */
export interface PresenceLink {
  publish(update: Uint8Array): void;
  /** Set by the room: an awareness update from another relay. */
  onRemote: (update: Uint8Array) => void;
  /** Set by the room: another relay asks for the states of this relay's editors. */
  onQuery: () => void;
}

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
  /**
   * Logs an update that is about to go out; returns its seq, or null when the log
   * sequences it later and hands it back through onEntries (a shared log).
   */
  append(update: Uint8Array): number | null;
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
  /**
   * Set by the room, used by a shared log: every entry in log order, in batches (what
   * arrived together), with `fromHere` true for the room's own (sequenced now) and false
   * for other relays' (to apply and send).
   */
  onEntries?: ((entries: readonly LoggedEntry[]) => void) | null;
  /** Set by version history: called as the log starts folding its updates into a new snapshot. */
  onCompacting?: (() => void) | null;
  /** Set by the room: the log cannot go on (a shared log lost Redis); the room must close and unload. */
  onLost?: () => void;
  /** Presence across relays, when the log is shared. */
  readonly presence?: PresenceLink;
  /** Names the seq numbering (SSE event ids carry it); absent: a new one per load. */
  readonly epoch?: string;
  /** The logged updates after `afterSeq` the log still holds in memory (SSE replay), oldest first. */
  since?(afterSeq: number): SeqUpdate[];
}
