/**
 * Where rooms and their documents live. The relay core talks only to this interface,
 * so SQLite (embedded default) and Postgres (scale-out) serve the same rooms.
 *
 * A document is a snapshot (Yjs v2 update of the whole doc, or none) plus a log of
 * Yjs v1 updates appended after it, each with a per-room sequence number.
 */
export interface RoomRecord {
  id: string;
  viewId: string;
  createdAt: number;
}

export interface StoredUpdate {
  seq: number;
  data: Uint8Array;
}

export interface StoredDoc {
  /** Yjs v2 encoding of the state up to and including `snapshotSeq`. */
  snapshot: Uint8Array | null;
  snapshotSeq: number;
  /** Updates after the snapshot, in seq order. */
  updates: StoredUpdate[];
}

export interface UpdateBatch {
  roomId: string;
  updates: StoredUpdate[];
}

/** auto: after a few minutes of activity; compaction: the snapshot a compaction wrote; named: saved by someone. */
export type VersionKind = 'auto' | 'compaction' | 'named';

/** A checkpoint of a board (version history): the whole document (Yjs v2) as it was at `seq`. */
export interface VersionRecord {
  id: number;
  roomId: string;
  createdAt: number;
  kind: VersionKind;
  name: string | null;
  seq: number;
  bytes: number;
  /** Names of the people who edited since the previous checkpoint. */
  editors: string[];
  /**
   * null: `data` is the whole document. Else `data` holds only what the document has
   * beyond version `baseId` (a whole one), which the retention keeps while it is needed.
   */
  baseId: number | null;
}

export type NewVersion = Omit<VersionRecord, 'id' | 'bytes'>;

/** What a board keeps: at most `maxCount` checkpoints, none older than `maxAgeMs` (the newest always stays). */
export interface VersionRetention {
  maxCount: number;
  maxAgeMs: number;
}

/** An image of a board (files API): named by the SHA-256 of its bytes, kept per room. */
export interface FileRecord {
  roomId: string;
  /** 64 lowercase hex digits */
  sha256: string;
  /** the sniffed MIME type (server/files/sniff.ts) */
  type: string;
  createdAt: number;
}

/** A kept version and the files it names: recorded when it was saved; null for one saved before they were. */
export interface VersionFiles {
  id: number;
  files: string[] | null;
}

/** What one collection pass of a room's files did (sweepFiles). */
export interface SweepResult {
  /** files found unreferenced now, to go after the grace period */
  marked: number;
  deleted: number;
  freedBytes: number;
}

/** created: stored now; exists: the room had it already (nothing written); quota: the room's files would pass the quota. */
export type PutFileResult = 'created' | 'exists' | 'quota';

export interface Storage {
  createRoom(room: RoomRecord): Promise<void>;
  getRoom(id: string): Promise<RoomRecord | null>;
  getRoomByView(viewId: string): Promise<RoomRecord | null>;
  loadDoc(roomId: string): Promise<StoredDoc>;
  /** Appends the updates of several rooms in one transaction: all or nothing. */
  appendUpdates(batches: UpdateBatch[]): Promise<void>;
  /** Appends updates the store may already hold (after a crash, from the journal): those it has are left as they are. */
  recoverUpdates(batches: UpdateBatch[]): Promise<void>;
  /** Replaces the snapshot and drops the updates it folds in (seq <= upToSeq), atomically. */
  compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<void>;
  /** Adds a checkpoint and drops what the retention no longer keeps, atomically; `files`: the hashes its document names (server/files/references.ts). */
  addVersion(version: NewVersion, data: Uint8Array, keep: VersionRetention, files?: readonly string[]): Promise<VersionRecord>;
  /** The board's kept versions and the files each names. */
  versionFiles(roomId: string): Promise<VersionFiles[]>;
  /** Records the files a version saved before they were recorded names (found by decoding it once). */
  setVersionFiles(roomId: string, id: number, files: readonly string[]): Promise<void>;
  /** The board's checkpoints, newest first. */
  listVersions(roomId: string): Promise<VersionRecord[]>;
  getVersion(roomId: string, id: number): Promise<{ record: VersionRecord; data: Uint8Array } | null>;
  /**
   * Stores a room's file unless it has it already, and only while the room's files stay
   * within `roomQuotaBytes` with it; the check and the write are atomic. A file it has
   * already loses any unreferenced mark: someone is about to show it.
   */
  putFile(file: FileRecord, data: Uint8Array, roomQuotaBytes: number): Promise<PutFileResult>;
  getFile(roomId: string, sha256: string): Promise<{ type: string; data: Uint8Array } | null>;
  /**
   * One pass of the room's file collection (server/files/collector.ts), atomic and in turn
   * with uploads: files in `referenced` lose their mark, files marked unreferenced at or
   * before `now - graceMs` are deleted, and the other unreferenced ones are marked at
   * `now`. A file is only ever deleted by a pass after the one that marked it.
   */
  sweepFiles(roomId: string, referenced: ReadonlySet<string>, now: number, graceMs: number): Promise<SweepResult>;
  /** Bytes the room's files take. */
  filesBytes(roomId: string): Promise<number>;
  close(): Promise<void>;
}
