import { Database } from 'bun:sqlite';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { SQLITE_SCHEMA } from './sqliteSchema.ts';
import type { RoomRecord, Storage, StoredDoc, UpdateBatch } from './storage.ts';

interface RoomRow {
  id: string;
  view_id: string;
  created_at: number;
}
interface DataRow {
  seq: number;
  data: Uint8Array;
}

const toRecord = (r: RoomRow | null): RoomRecord | null =>
  r ? { id: r.id, viewId: r.view_id, createdAt: r.created_at } : null;

/**
 * The embedded store for the Bun runtime (better-sqlite3 is a Node addon Bun cannot load):
 * the same file, schema and semantics as SqliteStorage, on `bun:sqlite`. Import it only
 * from Bun code paths: Node cannot resolve `bun:sqlite`.
 */
export class BunSqliteStorage implements Storage {
  private readonly db: Database;
  private readonly stmts;
  private readonly appendTx: (batches: UpdateBatch[]) => void;
  private readonly compactTx: (roomId: string, snapshot: Uint8Array, upToSeq: number) => void;
  private open = true;

  constructor(dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    // strict: bind `?` parameters positionally and throw on a missing one, as better-sqlite3 does.
    this.db = new Database(join(dataDir, 'whiteboard.sqlite'), { create: true, readwrite: true, strict: true });
    this.db.exec('PRAGMA journal_mode = WAL');
    // WAL + NORMAL is crash-safe (no corruption); a power loss may drop the last commits.
    this.db.exec('PRAGMA synchronous = NORMAL');
    this.db.exec(SQLITE_SCHEMA);
    const db = this.db;
    this.stmts = {
      insertRoom: db.prepare<void, [string, string, number]>('INSERT INTO rooms (id, view_id, created_at) VALUES (?, ?, ?)'),
      roomById: db.prepare<RoomRow, [string]>('SELECT * FROM rooms WHERE id = ?'),
      roomByView: db.prepare<RoomRow, [string]>('SELECT * FROM rooms WHERE view_id = ?'),
      snapshot: db.prepare<DataRow, [string]>('SELECT seq, data FROM snapshots WHERE room_id = ?'),
      updates: db.prepare<DataRow, [string, number]>('SELECT seq, data FROM updates WHERE room_id = ? AND seq > ? ORDER BY seq'),
      insertUpdate: db.prepare<void, [string, number, Uint8Array]>('INSERT INTO updates (room_id, seq, data) VALUES (?, ?, ?)'),
      upsertSnapshot: db.prepare<void, [string, number, Uint8Array]>(
        'INSERT INTO snapshots (room_id, seq, data) VALUES (?, ?, ?) ON CONFLICT(room_id) DO UPDATE SET seq = excluded.seq, data = excluded.data',
      ),
      deleteUpdates: db.prepare<void, [string, number]>('DELETE FROM updates WHERE room_id = ? AND seq <= ?'),
    };
    this.appendTx = db.transaction((batches: UpdateBatch[]) => {
      for (const b of batches) for (const u of b.updates) this.stmts.insertUpdate.run(b.roomId, u.seq, u.data);
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
    const snap = this.stmts.snapshot.get(roomId);
    const snapshotSeq = snap?.seq ?? 0;
    const updates = this.stmts.updates.all(roomId, snapshotSeq).map((r) => ({ seq: r.seq, data: new Uint8Array(r.data) }));
    return { snapshot: snap ? new Uint8Array(snap.data) : null, snapshotSeq, updates };
  }

  async appendUpdates(batches: UpdateBatch[]): Promise<void> {
    this.appendTx(batches);
  }

  async compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    this.compactTx(roomId, snapshot, upToSeq);
  }

  async close(): Promise<void> {
    if (!this.open) return;
    this.open = false;
    this.db.close();
  }
}
