import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { loadConfig } from '../config.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess, type Runtime } from './relayProcess.ts';
import { adminClient, freshSchema, skipWithoutPostgres, type TestSchema } from './testPostgres.ts';

/** The real relay process with DATABASE_URL: boards live in Postgres, on Node and on Bun. */
const skip = await skipWithoutPostgres();
const admin = adminClient();
afterAll(() => admin.end({ timeout: 1 }));

const running: RelayProcess[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop('SIGKILL')));
});

const points = (doc: Y.Doc) => ((doc.getMap('shapes').get('s1') as Y.Map<Y.Array<number>> | undefined)?.get('pts')?.length ?? 0);

/** A stroke of `n` points, one update per point as a pen sends them; resolves once a second editor has them all. */
async function draw(ws: string, roomId: string, n: number): Promise<void> {
  const writer = connectProvider(ws, roomId);
  const watcher = connectProvider(ws, roomId);
  await Promise.all([synced(writer), synced(watcher)]);
  const pts = new Y.Array<number>();
  const shape = new Y.Map<unknown>();
  shape.set('pts', pts);
  writer.doc.getMap('shapes').set('s1', shape);
  for (let i = 0; i < n; i++) pts.push([i]);
  await eventually(() => points(watcher.doc) === n, `the relay to pass on ${n} points`);
  writer.destroy();
  watcher.destroy();
}

async function pointsOn(ws: string, roomId: string, expected: number): Promise<number> {
  const reader = connectProvider(ws, roomId);
  await synced(reader);
  await eventually(() => points(reader.doc) === expected, `${expected} points`).catch(() => undefined);
  const got = points(reader.doc);
  reader.destroy();
  return got;
}

describe.skipIf(skip)('the relay on Postgres', () => {
  describe.each(RUNTIMES)('%s', (runtime: Runtime) => {
    let schema: TestSchema;
    beforeAll(async () => {
      schema = await freshSchema(admin);
    });
    afterAll(() => schema.drop());
    const relay = async (env: Record<string, string>, dataDir?: string) => {
      const r = await startRelay({ runtime, dataDir, env: { DATABASE_URL: schema.url, ...env } });
      running.push(r);
      return r;
    };

    it('edits survive a restart onto an empty DATA_DIR: the board came from Postgres alone', async () => {
      const first = await relay({ COMPACT_UPDATES: '20' });
      expect(first.logs).toContainEqual(expect.objectContaining({ msg: 'storage opened', backend: 'postgres', schema: schema.name }));
      const { id } = await createRoom(first.http);
      await draw(first.ws, id, 50);
      await first.stop('SIGTERM');
      expect(first.exitCode()).toBe(0);
      // no SQLite beside the lock, journal and secret
      expect(existsSync(join(first.dataDir, 'whiteboard.sqlite'))).toBe(false);
      const rows = await admin.unsafe(
        `SELECT (SELECT count(*) FROM ${schema.name}.rooms WHERE id = $1)::int AS rooms,
                (SELECT count(*) FROM ${schema.name}.snapshots WHERE room_id = $1)::int AS snapshots`,
        [id],
      );
      // 50 updates with a threshold of 20: folded into a snapshot at least once
      expect(rows).toEqual([{ rooms: 1, snapshots: 1 }]);

      const second = await relay({});
      expect(second.dataDir).not.toBe(first.dataDir);
      expect(await pointsOn(second.ws, id, 50)).toBe(50);
    });

    it('after kill -9, every update it passed on is there on the next start', async () => {
      const first = await relay({});
      const { id } = await createRoom(first.http);
      await draw(first.ws, id, 30);
      await first.stop('SIGKILL');
      // same DATA_DIR: whatever the journal has and Postgres lacks goes in before any room loads
      const second = await relay({}, first.dataDir);
      expect(await pointsOn(second.ws, id, 30)).toBe(30);
      const stored = await admin.unsafe(`SELECT count(*)::int AS n FROM ${schema.name}.updates WHERE room_id = $1`, [id]);
      expect(stored[0].n).toBeGreaterThan(0);
    });

    it('a relay whose database does not answer refuses to start, saying why', async () => {
      const start = relay({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' });
      await expect(start).rejects.toThrow(/cannot start.*postgres.*ECONNREFUSED/);
    });
  });
});

describe('DATABASE_URL', () => {
  it('selects Postgres when set, SQLite when unset or empty; anything but a postgres URL fails the start without echoing it', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: '' }).databaseUrl).toBeUndefined();
    expect(loadConfig({ DATABASE_URL: 'postgresql://u:p@db/wb?search_path=wb' }).databaseUrl).toBe('postgresql://u:p@db/wb?search_path=wb');
    for (const bad of ['mysql://u:secret@db/wb', 'secret', 'postgres:secret']) {
      expect(() => loadConfig({ DATABASE_URL: bad })).toThrow('DATABASE_URL must be a postgres:// or postgresql:// URL');
    }
  });
});
