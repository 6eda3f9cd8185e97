import { addSqliteColumns, SQLITE_SCHEMA } from './sqliteSchema.ts';
import type { FileRecord, NewVersion, PutFileResult, RoomRecord, Storage, StoredDoc, SweepResult, UpdateBatch, VersionFiles, VersionRecord, VersionRetention } from './storage.ts';
import { filesColumn, fromFilesColumn, MissingBaseVersion, toVersion, type VersionRow } from './versionRows.ts';

/** The calls better-sqlite3 (Node) and bun:sqlite (Bun) offer alike. */
export interface SqlStatement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
export interface SqlDatabase {
  exec(sql: string): unknown;
  prepare(sql: string): SqlStatement;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): unknown;
}

interface RoomRow {
  id: string;
  view_id: string;
  created_at: number;
}
interface DataRow {
  seq: number;
  data: Uint8Array;
}

const toRecord = (r: unknown): RoomRecord | null => {
  const row = r as RoomRow | null | undefined;
  return row ? { id: row.id, viewId: row.view_id, createdAt: row.created_at } : null;
};

/**
 * The embedded store on SQLite, whichever driver the runtime has: one file in WAL mode,
 * the schema of sqliteSchema.ts, writes in transactions. Both drivers are synchronous.
 */
export class SqlStore implements Storage {
  private readonly stmts;
  private readonly appendTx: (batches: UpdateBatch[]) => void;
  private readonly recoverTx: (batches: UpdateBatch[]) => void;
  private readonly compactTx: (roomId: string, snapshot: Uint8Array, upToSeq: number) => void;
  private readonly versionTx: (v: NewVersion, data: Uint8Array, keep: VersionRetention, files: string | null, out: { id: number }) => void;
  private readonly sweepTx: (roomId: string, referenced: ReadonlySet<string>, now: number, graceMs: number, out: SweepResult) => void;
  private readonly fileTx: (f: FileRecord, data: Uint8Array, quota: number, out: { result: PutFileResult }) => void;
  private open = true;

  constructor(private readonly db: SqlDatabase) {
    db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL is crash-safe (no corruption); a power loss may drop the last commits.
    db.exec('PRAGMA synchronous = NORMAL');
    // Drivers are synchronous: a long wait for a lock (another process on the file) would
    // stall every room; fail fast instead, and the persister retries that room alone.
    db.exec('PRAGMA busy_timeout = 100');
    db.exec(SQLITE_SCHEMA);
    addSqliteColumns(db);
    this.stmts = {
      insertRoom: db.prepare('INSERT INTO rooms (id, view_id, created_at) VALUES (?, ?, ?)'),
      roomById: db.prepare('SELECT * FROM rooms WHERE id = ?'),
      roomByView: db.prepare('SELECT * FROM rooms WHERE view_id = ?'),
      snapshot: db.prepare('SELECT seq, data FROM snapshots WHERE room_id = ?'),
      updates: db.prepare('SELECT seq, data FROM updates WHERE room_id = ? AND seq > ? ORDER BY seq'),
      insertUpdate: db.prepare('INSERT INTO updates (room_id, seq, data) VALUES (?, ?, ?)'),
      // a journal entry the snapshot already folded in stays out; one the log has is kept
      recoverUpdate: db.prepare(
        'INSERT OR IGNORE INTO updates (room_id, seq, data) SELECT ?, ?, ? WHERE ? > COALESCE((SELECT seq FROM snapshots WHERE room_id = ?), 0) AND EXISTS (SELECT 1 FROM rooms WHERE id = ?)',
      ),
      upsertSnapshot: db.prepare(
        'INSERT INTO snapshots (room_id, seq, data) VALUES (?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET seq = excluded.seq, data = excluded.data WHERE excluded.seq >= snapshots.seq',
      ),
      deleteUpdates: db.prepare('DELETE FROM updates WHERE room_id = ? AND seq <= ?'),
      insertVersion: db.prepare('INSERT INTO versions (room_id, created_at, kind, name, seq, editors, base_id, data, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id'),
      versionFiles: db.prepare('SELECT id, files FROM versions WHERE room_id = ? ORDER BY id'),
      setVersionFiles: db.prepare('UPDATE versions SET files = ? WHERE room_id = ? AND id = ?'),
      wholeVersion: db.prepare('SELECT 1 AS one FROM versions WHERE room_id = ? AND id = ? AND base_id IS NULL'),
      // the newest always stays; past the count or the age, the oldest go, but not a whole one a kept version is based on
      pruneVersions: db.prepare(
        `DELETE FROM versions WHERE room_id = @room AND id <> @newest
          AND (created_at < @cutoff OR id NOT IN (SELECT id FROM versions WHERE room_id = @room ORDER BY id DESC LIMIT @count))
          AND id NOT IN (SELECT base_id FROM versions WHERE room_id = @room AND base_id IS NOT NULL
            AND (id = @newest OR (created_at >= @cutoff AND id IN (SELECT id FROM versions WHERE room_id = @room ORDER BY id DESC LIMIT @count))))`,
      ),
      listVersions: db.prepare('SELECT id, room_id, created_at, kind, name, seq, editors, base_id, length(data) AS bytes FROM versions WHERE room_id = ? ORDER BY id DESC'),
      getVersion: db.prepare('SELECT id, room_id, created_at, kind, name, seq, editors, base_id, length(data) AS bytes, data FROM versions WHERE room_id = ? AND id = ?'),
      hasFile: db.prepare('SELECT 1 AS one FROM files WHERE room_id = ? AND sha256 = ?'),
      filesBytes: db.prepare('SELECT COALESCE(SUM(bytes), 0) AS n FROM files WHERE room_id = ?'),
      insertFile: db.prepare('INSERT INTO files (room_id, sha256, type, bytes, data, created_at) VALUES (?, ?, ?, ?, ?, ?)'),
      getFile: db.prepare('SELECT type, data FROM files WHERE room_id = ? AND sha256 = ?'),
      unmarkFile: db.prepare('UPDATE files SET unreferenced_since = NULL WHERE room_id = ? AND sha256 = ? AND unreferenced_since IS NOT NULL'),
      markFile: db.prepare('UPDATE files SET unreferenced_since = ? WHERE room_id = ? AND sha256 = ?'),
      deleteFile: db.prepare('DELETE FROM files WHERE room_id = ? AND sha256 = ?'),
      roomFiles: db.prepare('SELECT sha256, bytes, unreferenced_since AS since FROM files WHERE room_id = ?'),
    };
    this.sweepTx = db.transaction((roomId: string, referenced: ReadonlySet<string>, now: number, graceMs: number, out: SweepResult) => {
      for (const f of this.stmts.roomFiles.all(roomId) as { sha256: string; bytes: number | bigint; since: number | bigint | null }[]) {
        if (referenced.has(f.sha256)) {
          if (f.since !== null) this.stmts.unmarkFile.run(roomId, f.sha256);
        } else if (f.since === null) {
          this.stmts.markFile.run(now, roomId, f.sha256);
          out.marked++;
        } else if (Number(f.since) <= now - graceMs) {
          this.stmts.deleteFile.run(roomId, f.sha256);
          out.deleted++;
          out.freedBytes += Number(f.bytes);
        }
      }
    });
    // one writer at a time on the file: the check and the insert see the same room
    this.fileTx = db.transaction((f: FileRecord, data: Uint8Array, quota: number, out: { result: PutFileResult }) => {
      if (this.stmts.hasFile.get(f.roomId, f.sha256)) {
        this.stmts.unmarkFile.run(f.roomId, f.sha256);
        return void (out.result = 'exists');
      }
      const used = Number((this.stmts.filesBytes.get(f.roomId) as { n: number | bigint }).n);
      if (used + data.length > quota) return void (out.result = 'quota');
      this.stmts.insertFile.run(f.roomId, f.sha256, f.type, data.length, data, f.createdAt);
      out.result = 'created';
    });
    this.versionTx = db.transaction((v: NewVersion, data: Uint8Array, keep: VersionRetention, files: string | null, out: { id: number }) => {
      if (v.baseId !== null && !this.stmts.wholeVersion.get(v.roomId, v.baseId)) throw new MissingBaseVersion(v.baseId);
      const row = this.stmts.insertVersion.get(v.roomId, v.createdAt, v.kind, v.name, v.seq, JSON.stringify(v.editors), v.baseId, data, files) as { id: number };
      out.id = Number(row.id);
      this.stmts.pruneVersions.run({ room: v.roomId, newest: out.id, cutoff: v.createdAt - keep.maxAgeMs, count: keep.maxCount });
    });
    this.appendTx = db.transaction((batches: UpdateBatch[]) => {
      for (const b of batches) for (const u of b.updates) this.stmts.insertUpdate.run(b.roomId, u.seq, u.data);
    });
    this.recoverTx = db.transaction((batches: UpdateBatch[]) => {
      for (const b of batches) for (const u of b.updates) this.stmts.recoverUpdate.run(b.roomId, u.seq, u.data, u.seq, b.roomId, b.roomId);
    });
    this.compactTx = db.transaction((roomId: string, snapshot: Uint8Array, upToSeq: number) => {
      this.stmts.upsertSnapshot.run(roomId, upToSeq, snapshot);
      this.stmts.deleteUpdates.run(roomId, upToSeq);
    });
  }

  async createRoom(room: RoomRecord): Promise<void> {
    this.stmts.insertRoom.run(room.id, room.viewId, room.createdAt);
  }

  async getRoom(id: string): Promise<RoomRecord | null> {
    return toRecord(this.stmts.roomById.get(id));
  }

  async getRoomByView(viewId: string): Promise<RoomRecord | null> {
    return toRecord(this.stmts.roomByView.get(viewId));
  }

  async loadDoc(roomId: string): Promise<StoredDoc> {
    const snap = this.stmts.snapshot.get(roomId) as DataRow | null | undefined;
    const snapshotSeq = snap?.seq ?? 0;
    const rows = this.stmts.updates.all(roomId, snapshotSeq) as DataRow[];
    return {
      snapshot: snap ? new Uint8Array(snap.data) : null,
      snapshotSeq,
      updates: rows.map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) })),
    };
  }

  async appendUpdates(batches: UpdateBatch[]): Promise<void> {
    this.appendTx(batches);
  }

  async recoverUpdates(batches: UpdateBatch[]): Promise<void> {
    this.recoverTx(batches);
  }

  async compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.compactTx(roomId, snapshot, upToSeq);
  }

  async addVersion(version: NewVersion, data: Uint8Array, keep: VersionRetention, files?: readonly string[]): Promise<VersionRecord> {
    const out = { id: 0 };
    this.versionTx(version, data, keep, filesColumn(files), out);
    return { ...version, id: out.id, bytes: data.length };
  }

  async listVersions(roomId: string): Promise<VersionRecord[]> {
    return (this.stmts.listVersions.all(roomId) as VersionRow[]).map(toVersion);
  }

  async getVersion(roomId: string, id: number): Promise<{ record: VersionRecord; data: Uint8Array } | null> {
    const row = this.stmts.getVersion.get(roomId, id) as (VersionRow & { data: Uint8Array }) | null | undefined;
    return row ? { record: toVersion(row), data: new Uint8Array(row.data) } : null;
  }

  async versionFiles(roomId: string): Promise<VersionFiles[]> {
    return (this.stmts.versionFiles.all(roomId) as { id: number | bigint; files: string | null }[]).map((r) => ({ id: Number(r.id), files: fromFilesColumn(r.files) }));
  }

  async setVersionFiles(roomId: string, id: number, files: readonly string[]): Promise<void> {
    this.stmts.setVersionFiles.run(filesColumn(files), roomId, id);
  }

  async sweepFiles(roomId: string, referenced: ReadonlySet<string>, now: number, graceMs: number): Promise<SweepResult> {
    const out: SweepResult = { marked: 0, deleted: 0, freedBytes: 0 };
    this.sweepTx(roomId, referenced, now, graceMs, out);
    return out;
  }

  async putFile(file: FileRecord, data: Uint8Array, roomQuotaBytes: number): Promise<PutFileResult> {
    const out: { result: PutFileResult } = { result: 'exists' };
    this.fileTx(file, data, roomQuotaBytes, out);
    return out.result;
  }

  async getFile(roomId: string, sha256: string): Promise<{ type: string; data: Uint8Array } | null> {
    const row = this.stmts.getFile.get(roomId, sha256) as { type: string; data: Uint8Array } | null | undefined;
    return row ? { type: row.type, data: new Uint8Array(row.data) } : null;
  }

  async filesBytes(roomId: string): Promise<number> {
    return Number((this.stmts.filesBytes.get(roomId) as { n: number | bigint }).n);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}
