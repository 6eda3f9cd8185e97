/**
 * The store's side of collecting files (Storage.sweepFiles, versions' recorded files,
 * server/files/collector.ts collectFiles) on SQLite and Postgres, with the clock passed
 * in: a file goes only after a pass has found it unreferenced for the grace period, a
 * reference or an upload in between starts it over, and what kept versions name stays,
 * also for versions saved before their files were recorded.
 */
import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F, SHAPES } from '../../shared/schema.ts';
import { collectFiles } from '../files/collector.ts';
import { setLogLevel } from '../log.ts';
import { PostgresStorage } from '../storage/postgres.ts';
import { SqliteStorage } from '../storage/sqlite.ts';
import { SQLITE_SCHEMA } from '../storage/sqliteSchema.ts';
import type { Storage } from '../storage/storage.ts';
import { adminClient, freshSchema, skipWithoutPostgres, type TestSchema } from './testPostgres.ts';

setLogLevel('warn');
const skipPostgres = await skipWithoutPostgres();
const admin = adminClient();
afterAll(() => admin.end({ timeout: 1 }));

const GRACE = 1000;
const T = 1_767_225_600_000;
const KEEP = { maxCount: 10, maxAgeMs: 86_400_000 };
const file = (size = 100) => {
  const data = new Uint8Array(randomBytes(size));
  return { data, sha: createHash('sha256').update(data).digest('hex') };
};
const version = (roomId: string) => ({ roomId, createdAt: Date.now(), kind: 'named' as const, name: 'v', seq: 0, editors: [], baseId: null });
/** A whole document (Yjs v2) with one image showing `sha`. */
function docNaming(sha: string): Uint8Array {
  const doc = new Y.Doc();
  const m = new Y.Map<unknown>();
  m.set(F.type, 'image');
  m.set(F.file, sha);
  doc.getMap(SHAPES).set('img', m);
  return Y.encodeStateAsUpdateV2(doc);
}

const BACKENDS: { name: string; skip: boolean; open(): Promise<{ store: Storage; remove(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    skip: false,
    async open() {
      const dir = mkdtempSync(join(tmpdir(), 'wb-files-'));
      const store = new SqliteStorage(dir);
      return { store, remove: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    skip: skipPostgres,
    async open() {
      const schema: TestSchema = await freshSchema(admin);
      return { store: await PostgresStorage.open(schema.url), remove: schema.drop };
    },
  },
];

for (const backend of BACKENDS) {
  describe.skipIf(backend.skip)(`collecting files (${backend.name})`, () => {
    let store: Storage;
    let remove: () => Promise<void>;
    let roomId: string;
    const has = async (sha: string) => (await store.getFile(roomId, sha)) !== null;
    const put = (f: { data: Uint8Array; sha: string }) => store.putFile({ roomId, sha256: f.sha, type: 'image/png', createdAt: T }, f.data, 1_000_000);

    beforeEach(async () => {
      ({ store, remove } = await backend.open());
      roomId = `room-${randomBytes(4).toString('hex')}`;
      await store.createRoom({ id: roomId, viewId: `view-${roomId}`, createdAt: T });
    });
    afterEach(async () => {
      await store.close();
      await remove();
    });

    it('deletes a file only once a pass has found it unreferenced for the grace period, and frees its bytes', async () => {
      const [a, b] = [file(300), file(200)];
      await put(a);
      await put(b);
      const named = new Set([a.sha]);
      expect(await store.sweepFiles(roomId, named, T, GRACE)).toEqual({ marked: 1, deleted: 0, freedBytes: 0 });
      expect(await store.sweepFiles(roomId, named, T + GRACE - 1, GRACE)).toEqual({ marked: 0, deleted: 0, freedBytes: 0 });
      expect(await has(b.sha)).toBe(true);
      expect(await store.filesBytes(roomId)).toBe(500);
      expect(await store.sweepFiles(roomId, named, T + GRACE, GRACE)).toEqual({ marked: 0, deleted: 1, freedBytes: 200 });
      expect([await has(a.sha), await has(b.sha)]).toEqual([true, false]);
      expect(await store.filesBytes(roomId)).toBe(300);
      // named by its content: stored again
      expect(await put(b)).toBe('created');
    });

    it('a file named again, or uploaded again, starts its grace over', async () => {
      const [b, c] = [file(), file()];
      await put(b);
      await put(c);
      await store.sweepFiles(roomId, new Set(), T, GRACE);
      // b is shown again (an undo brought it back), c is uploaded again (about to be shown)
      await store.sweepFiles(roomId, new Set([b.sha]), T + 10, GRACE);
      expect(await put(c)).toBe('exists');
      // unreferenced again: marked anew, not deleted for the first mark
      expect(await store.sweepFiles(roomId, new Set(), T + GRACE + 10, GRACE)).toEqual({ marked: 2, deleted: 0, freedBytes: 0 });
      expect(await store.sweepFiles(roomId, new Set(), T + 2 * GRACE + 10, GRACE)).toMatchObject({ deleted: 2 });
    });

    it('keeps what kept versions name: recorded when saved, decoded once (and recorded) for versions saved before', async () => {
      const [recorded, legacy, loose] = [file(), file(), file()];
      for (const f of [recorded, legacy, loose]) await put(f);
      const v1 = await store.addVersion(version(roomId), docNaming(recorded.sha), KEEP, [recorded.sha]);
      const v2 = await store.addVersion(version(roomId), docNaming(legacy.sha), KEEP);
      expect(await store.versionFiles(roomId)).toEqual([
        { id: v1.id, files: [recorded.sha] },
        { id: v2.id, files: null },
      ]);
      expect(await collectFiles(store, roomId, new Set(), 0)).toMatchObject({ marked: 1, deleted: 0 });
      expect(await collectFiles(store, roomId, new Set(), 0)).toMatchObject({ deleted: 1 });
      expect([await has(recorded.sha), await has(legacy.sha), await has(loose.sha)]).toEqual([true, true, false]);
      expect((await store.versionFiles(roomId))[1]).toEqual({ id: v2.id, files: [legacy.sha] });
    });
  });
}

describe('sqlite: a database made before files were collected', () => {
  it('gets the new columns when opened, and collects', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-files-old-'));
    try {
      const old = new Database(join(dir, 'whiteboard.sqlite'));
      old.exec(SQLITE_SCHEMA);
      old.prepare('INSERT INTO rooms (id, view_id, created_at) VALUES (?, ?, ?)').run('r', 'v', T);
      old.prepare('INSERT INTO files (room_id, sha256, type, bytes, data, created_at) VALUES (?, ?, ?, ?, ?, ?)').run('r', 'a'.repeat(64), 'image/png', 3, Buffer.from([1, 2, 3]), T);
      old.close();
      const store = new SqliteStorage(dir);
      expect(await store.sweepFiles('r', new Set(), T, 0)).toEqual({ marked: 1, deleted: 0, freedBytes: 0 });
      expect(await store.sweepFiles('r', new Set(), T, 0)).toEqual({ marked: 0, deleted: 1, freedBytes: 3 });
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
