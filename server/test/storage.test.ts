import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setLogLevel } from '../log.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import { MIGRATIONS } from '../storage/postgresSchema.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import type { RoomRecord, Storage, StoredUpdate } from '../storage/storage.ts';
import { adminClient, freshSchema, PG_URL, skipWithoutPostgres } from './testPostgres.ts';

/**
 * One suite, every backend: the relay must not be able to tell SQLite from Postgres.
 * (Bun's bun:sqlite store is the same SqlStore as better-sqlite3's; vitest runs on Node,
 * so SQLite is tested through better-sqlite3 here and bun:sqlite through the relay tests.)
 */
setLogLevel('warn');
const skipPostgres = await skipWithoutPostgres();
const admin = adminClient();
afterAll(() => admin.end({ timeout: 1 }));

/** A place a store lives (a directory, a schema): opened any number of times, removed at the end. */
interface Place {
  open(): Promise<Storage>;
  remove(): Promise<void>;
  /** Every seq the updates table holds for the room, loaded or not: what the interface cannot show. */
  storedSeqs(roomId: string): Promise<number[]>;
}
const BACKENDS: Array<{ name: string; skip: boolean; place(): Promise<Place> }> = [
  {
    name: 'sqlite',
    skip: false,
    async place() {
      const dir = mkdtempSync(join(tmpdir(), 'wb-store-'));
      return {
        open: async () => new SqliteStorage(dir),
        remove: async () => rmSync(dir, { recursive: true, force: true }),
        async storedSeqs(roomId) {
          const db = new Database(join(dir, 'whiteboard.sqlite'), { readonly: true });
          try {
            return (db.prepare('SELECT seq FROM updates WHERE room_id = ? ORDER BY seq').all(roomId) as Array<{ seq: number }>).map((r) => r.seq);
          } finally {
            db.close();
          }
        },
      };
    },
  },
  {
    name: 'postgres',
    skip: skipPostgres,
    async place() {
      const schema = await freshSchema(admin);
      return {
        open: () => PostgresStorage.open(schema.url),
        remove: schema.drop,
        async storedSeqs(roomId) {
          const rows = await admin.unsafe(`SELECT seq FROM ${schema.name}.updates WHERE room_id = $1 ORDER BY seq`, [roomId]);
          return rows.map((r) => Number(r.seq));
        },
      };
    },
  },
];

const bytes = (...b: number[]) => new Uint8Array(b);
const upd = (seq: number, ...b: number[]): StoredUpdate => ({ seq, data: bytes(...b) });
let n = 0;
const room = (): RoomRecord => {
  n++;
  return { id: `room-${n}-${randomBytes(4).toString('hex')}`, viewId: `view-${n}-${randomBytes(4).toString('hex')}`, createdAt: 1_767_225_600_123 + n };
};

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`storage (${backend.name})`, () => {
    let place: Place;
    let store: Storage;
    const opened: Storage[] = [];
    const open = async () => {
      const s = await place.open();
      opened.push(s);
      return s;
    };
    beforeEach(async () => {
      place = await backend.place();
      store = await open();
    });
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
      await place.remove();
    });

    it('finds a room by id and by view id, with its creation time exact; unknown ids are null', async () => {
      const r = { ...room(), createdAt: Date.now() };
      await store.createRoom(r);
      expect(await store.getRoom(r.id)).toEqual(r);
      expect(await store.getRoomByView(r.viewId)).toEqual(r);
      expect(await store.getRoom('nope')).toBeNull();
      expect(await store.getRoomByView('nope')).toBeNull();
      // an id is not a view id
      expect(await store.getRoomByView(r.id)).toBeNull();
    });

    it('refuses a room id or a view id taken twice', async () => {
      const r = room();
      await store.createRoom(r);
      await expect(store.createRoom({ ...room(), id: r.id })).rejects.toThrow();
      await expect(store.createRoom({ ...room(), viewId: r.viewId })).rejects.toThrow();
    });

    it('loads a new room as an empty document', async () => {
      const r = room();
      await store.createRoom(r);
      expect(await store.loadDoc(r.id)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
    });

    it('appends the updates of several rooms in one call and loads them in seq order, bytes exact, as plain Uint8Array', async () => {
      const [a, b] = [room(), room()];
      await store.createRoom(a);
      await store.createRoom(b);
      const big = new Uint8Array(randomBytes(1 << 20));
      // every byte value, including the ones text encodings trip over (0, \, ", ')
      const all = new Uint8Array(256).map((_, i) => i);
      await store.appendUpdates([
        { roomId: a.id, updates: [upd(3, 3), { seq: 1, data: all }] },
        { roomId: b.id, updates: [{ seq: 1, data: big }] },
      ]);
      await store.appendUpdates([{ roomId: a.id, updates: [upd(2, 0, 92, 34, 39)] }]);
      const docA = await store.loadDoc(a.id);
      expect(docA.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
      expect(docA.updates).toEqual([{ seq: 1, data: all }, upd(2, 0, 92, 34, 39), upd(3, 3)]);
      for (const u of docA.updates) expect(Object.getPrototypeOf(u.data)).toBe(Uint8Array.prototype);
      const docB = await store.loadDoc(b.id);
      expect(docB.updates).toHaveLength(1);
      expect(Buffer.compare(docB.updates[0].data, big)).toBe(0);
    });

    it('appendUpdates is all or nothing: one seq already stored refuses the whole call, every room of it', async () => {
      const [a, b] = [room(), room()];
      await store.createRoom(a);
      await store.createRoom(b);
      await store.appendUpdates([{ roomId: a.id, updates: [upd(1, 1)] }]);
      // a second writer's update at a seq the store has (the relay detects it by this rejection)
      await expect(
        store.appendUpdates([
          { roomId: b.id, updates: [upd(1, 9)] },
          { roomId: a.id, updates: [upd(2, 9), upd(1, 9)] },
        ]),
      ).rejects.toThrow();
      expect((await store.loadDoc(a.id)).updates).toEqual([upd(1, 1)]);
      expect((await store.loadDoc(b.id)).updates).toEqual([]);
      // the same seq twice in one call is refused too
      await expect(store.appendUpdates([{ roomId: b.id, updates: [upd(5, 1), upd(5, 2)] }])).rejects.toThrow();
      expect((await store.loadDoc(b.id)).updates).toEqual([]);
      // and the store goes on taking good writes
      await store.appendUpdates([{ roomId: b.id, updates: [upd(1, 7)] }]);
      expect((await store.loadDoc(b.id)).updates).toEqual([upd(1, 7)]);
    });

    it('takes empty calls and empty batches without change', async () => {
      const r = room();
      await store.createRoom(r);
      await store.appendUpdates([]);
      await store.appendUpdates([{ roomId: r.id, updates: [] }]);
      await store.recoverUpdates([]);
      await store.recoverUpdates([{ roomId: r.id, updates: [] }]);
      expect(await store.loadDoc(r.id)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
    });

    it('compact replaces the snapshot and drops the updates it folds in, keeping later ones', async () => {
      const r = room();
      await store.createRoom(r);
      await store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1), upd(2, 2), upd(3, 3), upd(4, 4)] }]);
      await store.compact(r.id, bytes(10, 2), 2);
      expect(await store.loadDoc(r.id)).toEqual({ snapshot: bytes(10, 2), snapshotSeq: 2, updates: [upd(3, 3), upd(4, 4)] });
      await store.appendUpdates([{ roomId: r.id, updates: [upd(5, 5)] }]);
      await store.compact(r.id, bytes(10, 4), 4);
      const doc = await store.loadDoc(r.id);
      expect(doc).toEqual({ snapshot: bytes(10, 4), snapshotSeq: 4, updates: [upd(5, 5)] });
      expect(Object.getPrototypeOf(doc.snapshot)).toBe(Uint8Array.prototype);
    });

    it('never moves a snapshot back: an older compaction landing late leaves the newer one', async () => {
      const r = room();
      await store.createRoom(r);
      await store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1), upd(2, 2), upd(3, 3), upd(4, 4), upd(5, 5)] }]);
      await store.compact(r.id, bytes(10, 4), 4);
      await store.compact(r.id, bytes(10, 2), 2);
      expect(await store.loadDoc(r.id)).toEqual({ snapshot: bytes(10, 4), snapshotSeq: 4, updates: [upd(5, 5)] });
      // the same seq again replaces it (a re-encoding of the same state)
      await store.compact(r.id, bytes(11, 4), 4);
      expect(await store.loadDoc(r.id)).toEqual({ snapshot: bytes(11, 4), snapshotSeq: 4, updates: [upd(5, 5)] });
    });

    it('recoverUpdates inserts what is missing, leaves what the log has, skips what the snapshot folded in and unknown rooms', async () => {
      const [a, b] = [room(), room()];
      await store.createRoom(a);
      await store.createRoom(b);
      await store.appendUpdates([{ roomId: a.id, updates: [upd(1, 1), upd(2, 2), upd(3, 3)] }]);
      await store.compact(a.id, bytes(10, 2), 2);
      // the journal's view: seqs 1-2 are in the snapshot, 3 is in the log (with other bytes here, to tell them apart)
      await store.recoverUpdates([
        { roomId: a.id, updates: [upd(1, 91), upd(2, 92), upd(3, 93), upd(4, 4), upd(5, 5)] },
        { roomId: 'unknown-room', updates: [upd(1, 1)] },
        { roomId: b.id, updates: [upd(1, 1)] },
      ]);
      expect(await store.loadDoc(a.id)).toEqual({ snapshot: bytes(10, 2), snapshotSeq: 2, updates: [upd(3, 3), upd(4, 4), upd(5, 5)] });
      // what the snapshot folded in is not put back, not even out of sight
      expect(await place.storedSeqs(a.id)).toEqual([3, 4, 5]);
      expect(await store.loadDoc(b.id)).toEqual({ snapshot: null, snapshotSeq: 0, updates: [upd(1, 1)] });
      expect((await store.loadDoc('unknown-room')).updates).toEqual([]);
      // and again: nothing changes, nothing is refused
      await store.recoverUpdates([{ roomId: a.id, updates: [upd(4, 94), upd(5, 95)] }]);
      expect((await store.loadDoc(a.id)).updates).toEqual([upd(3, 3), upd(4, 4), upd(5, 5)]);
    });

    it('keeps versions of a board, newest first, bytes exact, within the retention (count and age; the newest always stays)', async () => {
      const r = room();
      const other = room();
      await store.createRoom(r);
      await store.createRoom(other);
      const keep = { maxCount: 3, maxAgeMs: 60_000 };
      const t0 = 1_700_000_000_000;
      const data = (n: number) => Uint8Array.from({ length: 10 + n }, (_, i) => (i * 7 + n) % 256);
      for (let i = 0; i < 5; i++) {
        const v = await store.addVersion({ roomId: r.id, createdAt: t0 + i * 1000, kind: i === 1 ? 'named' : 'auto', name: i === 1 ? 'draft' : null, seq: i * 10, editors: ['Ada', 'Bo'], baseId: null }, data(i), keep);
        expect(v.bytes).toBe(10 + i);
      }
      await store.addVersion({ roomId: other.id, createdAt: t0, kind: 'compaction', name: null, seq: 3, editors: [], baseId: null }, data(9), keep);
      const list = await store.listVersions(r.id);
      expect(list.map((v) => v.seq)).toEqual([40, 30, 20]);
      expect(list[0]).toMatchObject({ roomId: r.id, createdAt: t0 + 4000, kind: 'auto', name: null, editors: ['Ada', 'Bo'], bytes: 14 });
      const got = await store.getVersion(r.id, list[1].id);
      expect(got?.record).toEqual(list[1]);
      expect(got?.data).toEqual(data(3));
      // another board's version is not this board's
      const [theirs] = await store.listVersions(other.id);
      expect(await store.getVersion(r.id, theirs.id)).toBeNull();
      // past the age, the old ones go, the new one stays
      await store.addVersion({ roomId: r.id, createdAt: t0 + 10 * 60_000, kind: 'named', name: 'later', seq: 99, editors: [], baseId: null }, data(1), keep);
      expect((await store.listVersions(r.id)).map((v) => [v.seq, v.name])).toEqual([[99, 'later']]);
    });

    it('a version stored against a whole one keeps that one past the retention while it is needed; a missing base is refused', async () => {
      const r = room();
      await store.createRoom(r);
      const keep = { maxCount: 2, maxAgeMs: 60_000 };
      const t0 = 1_700_000_000_000;
      const at = (i: number, baseId: number | null) => ({ roomId: r.id, createdAt: t0 + i * 1000, kind: 'auto' as const, name: null, seq: i, editors: [], baseId });
      const whole = await store.addVersion(at(0, null), Uint8Array.of(1), keep);
      for (let i = 1; i <= 3; i++) await store.addVersion(at(i, whole.id), Uint8Array.of(i), keep);
      // the two newest, and the whole one they are based on
      let list = await store.listVersions(r.id);
      expect(list.map((v) => [v.seq, v.baseId])).toEqual([[3, whole.id], [2, whole.id], [0, null]]);
      // a new whole version: the old one is needed no more
      const next = await store.addVersion(at(4, null), Uint8Array.of(4), keep);
      list = await store.listVersions(r.id);
      expect(list.map((v) => v.seq)).toEqual([4, 3, 0]);
      await store.addVersion(at(5, next.id), Uint8Array.of(5), keep);
      expect((await store.listVersions(r.id)).map((v) => v.seq)).toEqual([5, 4]);
      // a base that is gone, or is itself a delta: refused, nothing stored
      await expect(store.addVersion(at(6, whole.id), Uint8Array.of(6), keep)).rejects.toThrow(/base version/);
      const delta = (await store.listVersions(r.id))[0];
      await expect(store.addVersion(at(7, delta.id), Uint8Array.of(7), keep)).rejects.toThrow(/base version/);
      expect((await store.listVersions(r.id)).map((v) => v.seq)).toEqual([5, 4]);
    });

    it('keeps a room\'s files once each, bytes exact, within the room\'s quota; another room\'s file is not this room\'s', async () => {
      const [r, other] = [room(), room()];
      await store.createRoom(r);
      await store.createRoom(other);
      const data = new Uint8Array(256).map((_, i) => i);
      const file = (sha: string) => ({ roomId: r.id, sha256: sha, type: 'image/png', createdAt: 1_700_000_000_000 });
      const sha = (c: string) => c.repeat(64);
      expect(await store.filesBytes(r.id)).toBe(0);
      expect(await store.putFile(file(sha('a')), data, 1000)).toBe('created');
      // the same file again: nothing written, even past the quota
      expect(await store.putFile(file(sha('a')), data, 0)).toBe('exists');
      expect(await store.filesBytes(r.id)).toBe(256);
      const got = await store.getFile(r.id, sha('a'));
      expect(got).toEqual({ type: 'image/png', data });
      expect(Object.getPrototypeOf(got!.data)).toBe(Uint8Array.prototype);
      expect(await store.getFile(other.id, sha('a'))).toBeNull();
      expect(await store.getFile(r.id, sha('b'))).toBeNull();
      // 256 + 256 + 256 > 700: the third is refused, and nothing of it is stored
      expect(await store.putFile(file(sha('b')), data, 700)).toBe('created');
      expect(await store.putFile(file(sha('c')), data, 700)).toBe('quota');
      expect(await store.getFile(r.id, sha('c'))).toBeNull();
      expect(await store.filesBytes(r.id)).toBe(512);
      // the quota is per room
      expect(await store.putFile({ ...file(sha('c')), roomId: other.id }, data, 700)).toBe('created');
      // concurrent uploads to one room cannot pass the quota together
      const results = await Promise.all(['d', 'e', 'f', '1', '2'].map((c) => store.putFile({ ...file(sha(c)), roomId: other.id }, data, 1024)));
      expect(results.filter((x) => x === 'created')).toHaveLength(3);
      expect(await store.filesBytes(other.id)).toBe(1024);
      await store.close();
      const again = await open();
      expect(await again.getFile(r.id, sha('b'))).toEqual({ type: 'image/png', data });
    });

    it('keeps everything across a close and a reopen', async () => {
      const r = room();
      await store.createRoom(r);
      await store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1), upd(2, 2), upd(3, 3)] }]);
      await store.compact(r.id, bytes(10, 2), 2);
      await store.close();
      const again = await open();
      expect(await again.getRoom(r.id)).toEqual(r);
      expect(await again.getRoomByView(r.viewId)).toEqual(r);
      expect(await again.loadDoc(r.id)).toEqual({ snapshot: bytes(10, 2), snapshotSeq: 2, updates: [upd(3, 3)] });
    });

    it('after close every call rejects; closing twice is fine', async () => {
      const r = room();
      await store.createRoom(r);
      await store.close();
      await store.close();
      await expect(store.getRoom(r.id)).rejects.toThrow();
      await expect(store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1)] }])).rejects.toThrow();
    });
  });
}

describe.skipIf(skipPostgres)('postgres: migrations, pool and timeouts', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });
  const schema = async () => {
    const s = await freshSchema(admin);
    cleanup.push(s.drop);
    return s;
  };
  const opened = async (url: string, opts?: Parameters<typeof PostgresStorage.open>[1]) => {
    const s = await PostgresStorage.open(url, opts);
    cleanup.push(() => s.close());
    return s;
  };

  it('relays starting together migrate once, and each of them can serve', async () => {
    const s = await schema();
    const stores = await Promise.all(Array.from({ length: 6 }, () => opened(s.url)));
    const versions = await admin.unsafe(`SELECT version FROM ${s.name}.schema_version ORDER BY version`);
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const tables = await admin`SELECT table_name FROM information_schema.tables WHERE table_schema = ${s.name} ORDER BY table_name`;
    expect(tables.map((t) => t.table_name)).toEqual(['files', 'rooms', 'schema_version', 'snapshots', 'updates', 'versions']);
    const r = room();
    await stores[0].createRoom(r);
    expect(await stores[5].getRoom(r.id)).toEqual(r);
    // a restart finds the schema current and migrates nothing
    await opened(s.url);
    expect(await admin.unsafe(`SELECT count(*)::int AS n FROM ${s.name}.schema_version`)).toEqual([{ n: MIGRATIONS.length }]);
  });

  it('refuses a database whose schema is newer than this relay', async () => {
    const s = await schema();
    await opened(s.url);
    await admin.unsafe(`INSERT INTO ${s.name}.schema_version (version) VALUES (${MIGRATIONS.length + 1})`);
    await expect(PostgresStorage.open(s.url)).rejects.toThrow(/newer than this relay/);
  });

  it('stores in the schema the URL names, and only there', async () => {
    const [s1, s2] = [await schema(), await schema()];
    const [one, two] = [await opened(s1.url), await opened(s2.url)];
    const r = room();
    await one.createRoom(r);
    expect(await two.getRoom(r.id)).toBeNull();
    expect(await admin.unsafe(`SELECT id FROM ${s1.name}.rooms`)).toEqual([{ id: r.id }]);
  });

  it('the pool holds at most `max` connections, and close ends every one of them', async () => {
    const s = await schema();
    const proxy = await tcpProxy(new URL(PG_URL));
    cleanup.push(proxy.close);
    const url = new URL(s.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const store = await PostgresStorage.open(url.toString(), { max: 3 });
    const r = room();
    await store.createRoom(r);
    let peak = 0;
    const calls = Array.from({ length: 30 }, () => store.loadDoc(r.id).then(() => (peak = Math.max(peak, proxy.open()))));
    await Promise.all(calls);
    expect(peak).toBe(3);
    await store.close();
    await expect.poll(() => proxy.open()).toBe(0);
  });

  it('a server that refuses connections: open rejects with the reason, nothing unhandled', async () => {
    const port = await closedPort();
    await expect(PostgresStorage.open(`postgres://postgres@127.0.0.1:${port}/test`)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a server that accepts but never answers: open rejects at the connect timeout', async () => {
    const silent = await listen(createServer(() => {}));
    cleanup.push(() => new Promise<void>((r) => silent.server.close(() => r())));
    const started = Date.now();
    await expect(PostgresStorage.open(`postgres://postgres@127.0.0.1:${silent.port}/test`, { connectTimeoutS: 1 })).rejects.toThrow(/timeout/i);
    expect(Date.now() - started).toBeLessThan(5_000);
    silent.sockets.forEach((s) => s.destroy());
  });

  it('a statement stuck behind a lock is cancelled at statement_timeout; the next call goes through', async () => {
    const s = await schema();
    const store = await opened(s.url, { statementTimeoutMs: 300 });
    const r = room();
    await store.createRoom(r);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = admin.begin(async (tx) => {
      await tx.unsafe(`LOCK TABLE ${s.name}.updates IN ACCESS EXCLUSIVE MODE`);
      locked();
      await held;
    });
    await isLocked;
    const started = Date.now();
    await expect(store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1)] }])).rejects.toThrow(/statement timeout/);
    expect(Date.now() - started).toBeLessThan(3_000);
    release();
    await holder;
    await store.appendUpdates([{ roomId: r.id, updates: [upd(1, 1)] }]);
    expect((await store.loadDoc(r.id)).updates).toEqual([upd(1, 1)]);
  });

  it('a server that stops answering mid-session: calls reject at the client deadline, and work resumes when it answers again', async () => {
    const s = await schema();
    const proxy = await tcpProxy(new URL(PG_URL));
    cleanup.push(proxy.close);
    const url = new URL(s.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const store = await opened(url.toString(), { deadlineMs: 500 });
    const r = room();
    await store.createRoom(r);
    proxy.freeze();
    const started = Date.now();
    await expect(store.getRoom(r.id)).rejects.toThrow(/no answer to getRoom within 500 ms/);
    expect(Date.now() - started).toBeLessThan(3_000);
    proxy.thaw();
    expect(await store.getRoom(r.id)).toEqual(r);
  });
});

async function listen(server: Server): Promise<{ server: Server; port: number; sockets: Set<Socket> }> {
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr !== 'object') throw new Error('no port');
  return { server, port: addr.port, sockets };
}

async function closedPort(): Promise<number> {
  const { server, port } = await listen(createServer());
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/**
 * A TCP proxy to the real server that counts the connections through it and can stop
 * passing bytes (a hung server, a dropped network) and start again.
 */
async function tcpProxy(target: URL) {
  let frozen = false;
  const pairs: Array<[Socket, Socket]> = [];
  const { server, port, sockets } = await listen(
    createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      pairs.push([client, upstream]);
      client.on('data', (d) => upstream.write(d));
      upstream.on('data', (d) => client.write(d));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      if (frozen) for (const s of [client, upstream]) s.pause();
    }),
  );
  return {
    port,
    /** Connections open through the proxy now. */
    open: () => sockets.size,
    freeze: () => {
      frozen = true;
      for (const pair of pairs) for (const s of pair) s.pause();
    },
    thaw: () => {
      frozen = false;
      for (const pair of pairs) for (const s of pair) s.resume();
    },
    close: async () => {
      for (const pair of pairs) for (const s of pair) s.destroy();
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
