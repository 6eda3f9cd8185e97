import postgres, { type Sql } from 'postgres';
import { log } from '../log.ts';
import { migrate } from './postgresSchema.ts';
import { filesColumn, fromFilesColumn, MissingBaseVersion, toVersion, type VersionRow } from './versionRows.ts';
import type { FileRecord, PutFileResult, NewVersion, VersionRecord, VersionRetention, RoomRecord, Storage, StoredDoc, SweepResult, UpdateBatch, VersionFiles } from './storage.ts';

export interface PostgresOptions {
  /** Connections in the pool at most. */
  max?: number;
  /** Seconds to open a connection before the call fails. */
  connectTimeoutS?: number;
  /** Server side: a statement running (or waiting for a lock) longer is cancelled. */
  statementTimeoutMs?: number;
  /**
   * Client side: a call without an answer this long rejects. The server's limit cannot
   * fire when the server itself hangs or the network drops packets; the relay then sees a
   * failed write (its room shows "not saving" and retries) instead of waiting forever.
   */
  deadlineMs?: number;
}

/** Values documented in docs/storage.md. */
export const POSTGRES_DEFAULTS: Required<PostgresOptions> = {
  max: 10,
  connectTimeoutS: 10,
  statementTimeoutMs: 10_000,
  deadlineMs: 15_000,
};

interface RoomRow {
  id: string;
  view_id: string;
  created_at: string; // bigint arrives as a string
}
interface DocRow {
  snap: boolean;
  seq: string;
  data: Uint8Array;
}

const toRecord = (row: RoomRow | undefined): RoomRecord | null =>
  row ? { id: row.id, viewId: row.view_id, createdAt: Number(row.created_at) } : null;

// The driver returns Buffers, small ones cut from a shared pool: a copy owns its memory
// (the compaction thread may be handed `.buffer`) and is a plain Uint8Array, as from SQLite.
const own = (data: Uint8Array): Uint8Array => new Uint8Array(data);

const BYTEA = 17;
const INT8 = 20;
const TEXT = 25;

/**
 * The shared store on PostgreSQL (porsager/postgres: pure JS, so Node and Bun alike).
 * Every write is one statement, so each is atomic without an explicit transaction and
 * costs one round trip; the tables are those of postgresSchema.ts, in the schema the
 * URL's search_path names (default public).
 */
export class PostgresStorage implements Storage {
  private readonly sql: Sql;
  private readonly deadlineMs: number;
  private closing: Promise<void> | null = null;

  private constructor(url: string, opts: PostgresOptions) {
    const o = { ...POSTGRES_DEFAULTS, ...opts };
    this.deadlineMs = o.deadlineMs;
    this.sql = postgres(url, {
      max: o.max,
      connect_timeout: o.connectTimeoutS,
      // NOTICEs ("relation already exists, skipping") would go to stdout unstructured.
      onnotice: (n) => log.debug('postgres notice', { message: n.message }),
      // Parameters in the URL's query (?statement_timeout=…) override these.
      connection: { application_name: 'whiteboard-relay', statement_timeout: o.statementTimeoutMs },
    });
  }

  /** Connects and migrates the schema; rejects (with the pool closed) when either fails. */
  static async open(url: string, opts: PostgresOptions = {}): Promise<PostgresStorage> {
    const store = new PostgresStorage(url, opts);
    try {
      const { from, to } = await store.call('migrate', () => migrate(store.sql));
      if (from !== to) log.info('postgres schema migrated', { from, to });
      return store;
    } catch (err) {
      await store.close();
      throw err;
    }
  }

  async createRoom(room: RoomRecord): Promise<void> {
    await this.call('createRoom', () => this.sql`INSERT INTO rooms (id, view_id, created_at) VALUES (${room.id}, ${room.viewId}, ${room.createdAt})`);
  }

  async getRoom(id: string): Promise<RoomRecord | null> {
    const [row] = await this.call('getRoom', () => this.sql<RoomRow[]>`SELECT id, view_id, created_at FROM rooms WHERE id = ${id}`);
    return toRecord(row);
  }

  async getRoomByView(viewId: string): Promise<RoomRecord | null> {
    const [row] = await this.call('getRoomByView', () => this.sql<RoomRow[]>`SELECT id, view_id, created_at FROM rooms WHERE view_id = ${viewId}`);
    return toRecord(row);
  }

  async loadDoc(roomId: string): Promise<StoredDoc> {
    // One statement sees one state of the tables: a compaction by another relay between
    // reading the snapshot and the updates cannot drop updates from what is returned.
    const rows = await this.call(
      'loadDoc',
      () => this.sql<DocRow[]>`
        WITH s AS (SELECT seq, data FROM snapshots WHERE room_id = ${roomId})
        SELECT true AS snap, seq, data FROM s
        UNION ALL
        SELECT false, u.seq, u.data FROM updates u
        WHERE u.room_id = ${roomId} AND u.seq > COALESCE((SELECT seq FROM s), 0)
        ORDER BY snap DESC, seq`,
    );
    const snap = rows[0]?.snap ? rows[0] : undefined;
    return {
      snapshot: snap ? own(snap.data) : null,
      snapshotSeq: snap ? Number(snap.seq) : 0,
      updates: rows.filter((r) => !r.snap).map((r) => ({ seq: Number(r.seq), data: own(r.data) })),
    };
  }

  async appendUpdates(batches: UpdateBatch[]): Promise<void> {
    const rows = this.columns(batches);
    if (!rows) return;
    // One statement: all rows or none. A (room_id, seq) already stored, or twice in the
    // batch, violates the primary key and rejects it whole: that is how a second writer
    // on a room shows up.
    await this.call(
      'appendUpdates',
      () => this.sql`INSERT INTO updates (room_id, seq, data) SELECT * FROM unnest(${rows.rooms}::text[], ${rows.seqs}::bigint[], ${rows.datas}::bytea[])`,
    );
  }

  async recoverUpdates(batches: UpdateBatch[]): Promise<void> {
    const rows = this.columns(batches);
    if (!rows) return;
    // As SQLite's INSERT OR IGNORE: rows the log has stay as they are, rows the snapshot
    // already folded in stay out, and so do rows of rooms the store does not know.
    await this.call(
      'recoverUpdates',
      () => this.sql`
        INSERT INTO updates (room_id, seq, data)
        SELECT v.room_id, v.seq, v.data
        FROM unnest(${rows.rooms}::text[], ${rows.seqs}::bigint[], ${rows.datas}::bytea[]) AS v(room_id, seq, data)
        WHERE v.seq > COALESCE((SELECT s.seq FROM snapshots s WHERE s.room_id = v.room_id), 0)
          AND EXISTS (SELECT 1 FROM rooms r WHERE r.id = v.room_id)
        ON CONFLICT (room_id, seq) DO NOTHING`,
    );
  }

  async compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    // Both changes in one statement (atomic). A snapshot never goes back to a lower seq:
    // an older compaction landing late leaves the newer snapshot in place.
    await this.call(
      'compact',
      () => this.sql`
        WITH snap AS (
          INSERT INTO snapshots (room_id, seq, data) VALUES (${roomId}, ${upToSeq}, ${snapshot})
          ON CONFLICT (room_id) DO UPDATE SET seq = excluded.seq, data = excluded.data
          WHERE excluded.seq >= snapshots.seq
        )
        DELETE FROM updates WHERE room_id = ${roomId} AND seq <= ${upToSeq}`,
    );
  }

  /** Ends the pool: running queries get 5 s to finish, then their connections are closed. */
  close(): Promise<void> {
    this.closing ??= this.sql.end({ timeout: 5 });
    return this.closing;
  }

  /** The batches as three parallel arrays (one parameter each, whatever the row count), or null if empty. */
  async addVersion(version: NewVersion, data: Uint8Array, keep: VersionRetention, files?: readonly string[]): Promise<VersionRecord> {
    const v = version;
    const fileList = filesColumn(files);
    const cutoff = v.createdAt - keep.maxAgeMs;
    const older = Math.max(0, keep.maxCount - 1);
    // the statement sees the table as it was before the insert: `older` is the count less the new one
    const [row] = await this.call(
      'addVersion',
      () => this.sql<{ id: string }[]>`
        WITH added AS (
          INSERT INTO versions (room_id, created_at, kind, name, seq, editors, base_id, data, files)
          SELECT ${v.roomId}, ${v.createdAt}, ${v.kind}, ${v.name}, ${v.seq}, ${JSON.stringify(v.editors)}, ${v.baseId}::bigint, ${data}, ${fileList}::text
          WHERE ${v.baseId}::bigint IS NULL OR EXISTS (SELECT 1 FROM versions WHERE room_id = ${v.roomId} AND id = ${v.baseId}::bigint AND base_id IS NULL)
          RETURNING id
        ), kept AS (
          SELECT id, base_id FROM versions WHERE room_id = ${v.roomId} AND created_at >= ${cutoff} AND id IN (SELECT id FROM versions WHERE room_id = ${v.roomId} ORDER BY id DESC LIMIT ${older})
        ), pruned AS (
          DELETE FROM versions
          WHERE room_id = ${v.roomId} AND EXISTS (SELECT 1 FROM added)
            AND id NOT IN (SELECT id FROM kept)
            AND id NOT IN (SELECT base_id FROM kept WHERE base_id IS NOT NULL)
            AND id IS DISTINCT FROM ${v.baseId}::bigint
        )
        SELECT id FROM added`,
    );
    if (!row) throw new MissingBaseVersion(v.baseId!);
    return { ...version, id: Number(row.id), bytes: data.length };
  }

  async listVersions(roomId: string): Promise<VersionRecord[]> {
    const rows = await this.call(
      'listVersions',
      () => this.sql<VersionRow[]>`SELECT id, room_id, created_at, kind, name, seq, editors, base_id, octet_length(data) AS bytes FROM versions WHERE room_id = ${roomId} ORDER BY id DESC`,
    );
    return rows.map(toVersion);
  }

  async getVersion(roomId: string, id: number): Promise<{ record: VersionRecord; data: Uint8Array } | null> {
    const [row] = await this.call(
      'getVersion',
      () => this.sql<(VersionRow & { data: Uint8Array })[]>`SELECT id, room_id, created_at, kind, name, seq, editors, base_id, octet_length(data) AS bytes, data FROM versions WHERE room_id = ${roomId} AND id = ${id}`,
    );
    return row ? { record: toVersion(row), data: own(row.data) } : null;
  }

  async putFile(file: FileRecord, data: Uint8Array, roomQuotaBytes: number): Promise<PutFileResult> {
    const f = file;
    // The room's row, locked for the transaction, makes uploads to one room take turns
    // (here and on every other relay), so two of them cannot both pass the quota.
    return this.call('putFile', () =>
      this.sql.begin(async (tx) => {
        await tx`SELECT 1 FROM rooms WHERE id = ${f.roomId} FOR UPDATE`;
        const [has] = await tx`UPDATE files SET unreferenced_since = NULL WHERE room_id = ${f.roomId} AND sha256 = ${f.sha256} RETURNING 1`;
        if (has) return 'exists' as const;
        const [used] = await tx<{ n: string }[]>`SELECT COALESCE(SUM(bytes), 0)::bigint AS n FROM files WHERE room_id = ${f.roomId}`;
        if (Number(used.n) + data.length > roomQuotaBytes) return 'quota' as const;
        await tx`INSERT INTO files (room_id, sha256, type, bytes, data, created_at) VALUES (${f.roomId}, ${f.sha256}, ${f.type}, ${data.length}, ${data}, ${f.createdAt})`;
        return 'created' as const;
      }),
    );
  }

  async versionFiles(roomId: string): Promise<VersionFiles[]> {
    const rows = await this.call('versionFiles', () => this.sql<{ id: string; files: string | null }[]>`SELECT id, files FROM versions WHERE room_id = ${roomId} ORDER BY id`);
    return rows.map((r) => ({ id: Number(r.id), files: fromFilesColumn(r.files) }));
  }

  async setVersionFiles(roomId: string, id: number, files: readonly string[]): Promise<void> {
    await this.call('setVersionFiles', () => this.sql`UPDATE versions SET files = ${filesColumn(files)} WHERE room_id = ${roomId} AND id = ${id}`);
  }

  async sweepFiles(roomId: string, referenced: ReadonlySet<string>, now: number, graceMs: number): Promise<SweepResult> {
    const keep = this.sql.array([...referenced], TEXT);
    // the room's row, locked as putFile locks it: a pass and an upload of the same room take turns
    return this.call('sweepFiles', () =>
      this.sql.begin(async (tx) => {
        await tx`SELECT 1 FROM rooms WHERE id = ${roomId} FOR UPDATE`;
        await tx`UPDATE files SET unreferenced_since = NULL WHERE room_id = ${roomId} AND sha256 = ANY(${keep}) AND unreferenced_since IS NOT NULL`;
        // deleted before marking: a file marked now waits for a later pass, whatever the grace
        const gone = await tx<{ bytes: string }[]>`DELETE FROM files WHERE room_id = ${roomId} AND sha256 <> ALL(${keep}) AND unreferenced_since <= ${now - graceMs} RETURNING bytes`;
        const marked = await tx`UPDATE files SET unreferenced_since = ${now} WHERE room_id = ${roomId} AND sha256 <> ALL(${keep}) AND unreferenced_since IS NULL RETURNING 1`;
        return { marked: marked.length, deleted: gone.length, freedBytes: gone.reduce((n, r) => n + Number(r.bytes), 0) };
      }),
    );
  }

  async getFile(roomId: string, sha256: string): Promise<{ type: string; data: Uint8Array } | null> {
    const [row] = await this.call('getFile', () => this.sql<{ type: string; data: Uint8Array }[]>`SELECT type, data FROM files WHERE room_id = ${roomId} AND sha256 = ${sha256}`);
    return row ? { type: row.type, data: own(row.data) } : null;
  }

  async filesBytes(roomId: string): Promise<number> {
    const [row] = await this.call('filesBytes', () => this.sql<{ n: string }[]>`SELECT COALESCE(SUM(bytes), 0)::bigint AS n FROM files WHERE room_id = ${roomId}`);
    return Number(row.n);
  }

  private columns(batches: UpdateBatch[]) {
    const rooms: string[] = [];
    const seqs: number[] = [];
    const datas: Uint8Array[] = [];
    for (const b of batches) {
      for (const u of b.updates) {
        rooms.push(b.roomId);
        seqs.push(u.seq);
        datas.push(u.data);
      }
    }
    if (rooms.length === 0) return null;
    return { rooms: this.sql.array(rooms, TEXT), seqs: this.sql.array(seqs, INT8), datas: this.sql.array(datas, BYTEA) };
  }

  /**
   * Runs a query as a promise that settles within the deadline. Every failure (refused
   * connection, timeout, constraint) is a rejection of this promise, never unhandled.
   */
  private call<T>(what: string, query: () => PromiseLike<T>): Promise<T> {
    if (this.closing) return Promise.reject(new Error(`postgres: ${what} after close`));
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`postgres: no answer to ${what} within ${this.deadlineMs} ms`)), this.deadlineMs);
      Promise.resolve()
        .then(query)
        .then(
          (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          (err: unknown) => {
            clearTimeout(timer);
            reject(err);
          },
        );
    });
  }
}
