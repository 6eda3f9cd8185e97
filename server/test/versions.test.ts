import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { RestoreResult, VersionInfo, VersionList } from '../../shared/api.ts';
import { SHAPES } from '../../shared/schema.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { startRelay, type RelayProcess } from './relayProcess.ts';
import { relayOnStore, STORES } from './storeRelay.ts';

const list = async (http: string, roomId: string) => ((await (await fetch(`${http}/api/rooms/${roomId}/versions`)).json()) as VersionList).versions;
const save = (http: string, roomId: string, name: string) => fetch(`${http}/api/rooms/${roomId}/versions?name=${encodeURIComponent(name)}`, { method: 'POST' });

/** The shapes map of a version as the API serves it. */
async function versionShapes(http: string, roomId: string, id: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${http}/api/rooms/${roomId}/versions/${id}`);
  expect(res.status).toBe(200);
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, new Uint8Array(await res.arrayBuffer()));
  return doc.getMap(SHAPES).toJSON();
}

function addShape(doc: Y.Doc, id: string, x: number): void {
  const m = new Y.Map<unknown>();
  m.set('type', 'rect');
  m.set('x', x);
  doc.getMap(SHAPES).set(id, m);
}

describe.each(STORES)('version history ($runtime, $store)', ({ runtime, store }) => {
  const s = relayOnStore(runtime, store, { VERSION_INTERVAL_MS: '1000', VERSIONS_MAX: '4' });

  it('a named version holds the board as it was, with who edited; restoring it is one change everyone receives', async (ctx) => {
    if (s.skip) return ctx.skip();
    const { id } = await createRoom(s.relay.http);
    const alice = connectProvider(s.relay.ws, id);
    const bob = connectProvider(s.relay.ws, id);
    alice.awareness.setLocalStateField('user', { name: 'Alice\u0007 ', color: '#e03131' });
    // present but not drawing: not among who edited
    bob.awareness.setLocalStateField('user', { name: 'Bob', color: '#1971c2' });
    await Promise.all([synced(alice), synced(bob)]);
    addShape(alice.doc, 'a', 1);
    await eventually(() => bob.doc.getMap(SHAPES).has('a'), 'bob sees a');

    const res = await save(s.relay.http, id, 'First draft');
    expect(res.status).toBe(201);
    const first = (await res.json()) as VersionInfo;
    expect(first).toMatchObject({ kind: 'named', name: 'First draft', editors: ['Alice'] });
    expect(first.bytes).toBeGreaterThan(0);
    expect(await versionShapes(s.relay.http, id, first.id)).toEqual({ a: { type: 'rect', x: 1 } });

    // later work: a moved, b added
    (alice.doc.getMap(SHAPES).get('a') as Y.Map<unknown>).set('x', 50);
    addShape(bob.doc, 'b', 2);
    await eventually(() => alice.doc.getMap(SHAPES).has('b') && (bob.doc.getMap(SHAPES).get('a') as Y.Map<unknown>).get('x') === 50, 'both see the later work');

    let updatesToBob = 0;
    bob.doc.on('update', () => updatesToBob++);
    const restored = await fetch(`${s.relay.http}/api/rooms/${id}/versions/${first.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    const result = (await restored.json()) as RestoreResult;
    expect(result.touched).toBe(2);
    expect(result.savedBefore.name).toBe(`before restoring version ${first.id}`);
    // Alice moved a, Bob drew b since the first version
    expect([...result.savedBefore.editors].sort()).toEqual(['Alice', 'Bob']);
    const expected = { a: { type: 'rect', x: 1 } };
    await eventually(() => JSON.stringify(bob.doc.getMap(SHAPES).toJSON()) === JSON.stringify(expected), 'bob sees the restored board');
    await eventually(() => JSON.stringify(alice.doc.getMap(SHAPES).toJSON()) === JSON.stringify(expected), 'alice sees the restored board');
    expect(updatesToBob).toBe(1);
    // what was there before the restore is itself a version
    expect(await versionShapes(s.relay.http, id, result.savedBefore.id)).toEqual({ a: { type: 'rect', x: 50 }, b: { type: 'rect', x: 2 } });

    // a late joiner gets the restored board: the restore is in the log like any change
    const carol = connectProvider(s.relay.ws, id);
    await synced(carol);
    expect(carol.doc.getMap(SHAPES).toJSON()).toEqual(expected);
    for (const p of [alice, bob, carol]) p.destroy();
  });

  it('takes a checkpoint by itself a while after changes; keeps at most VERSIONS_MAX, newest first', async (ctx) => {
    if (s.skip) return ctx.skip();
    const { id } = await createRoom(s.relay.http);
    const p = connectProvider(s.relay.ws, id);
    await synced(p);
    addShape(p.doc, 'auto', 7);
    let versions: VersionInfo[] = [];
    for (let until = Date.now() + 8000; versions.length === 0 && Date.now() < until; await new Promise((r) => setTimeout(r, 200))) versions = await list(s.relay.http, id);
    expect(versions).toHaveLength(1);
    expect(versions[0].kind).toBe('auto');
    expect(await versionShapes(s.relay.http, id, versions[0].id)).toEqual({ auto: { type: 'rect', x: 7 } });

    for (let i = 1; i <= 5; i++) expect((await save(s.relay.http, id, `v${i}`)).status).toBe(201);
    versions = await list(s.relay.http, id);
    // the four newest, and the whole version they are stored against (here the automatic one), kept while they need it
    expect(versions.map((v) => v.name)).toEqual(['v5', 'v4', 'v3', 'v2', null]);
    expect(versions[4].kind).toBe('auto');
    for (const v of versions) expect(await versionShapes(s.relay.http, id, v.id)).toEqual({ auto: { type: 'rect', x: 7 } });
    expect(versions.map((v) => v.id)).toEqual([...versions.map((v) => v.id)].sort((a, b) => b - a));
    p.destroy();
  });

  it('a version after small changes is stored as a delta against the last whole one, and reads back whole', async (ctx) => {
    if (s.skip) return ctx.skip();
    const { id } = await createRoom(s.relay.http);
    const p = connectProvider(s.relay.ws, id);
    await synced(p);
    for (let i = 0; i < 200; i++) addShape(p.doc, `s${i}`, i);
    await eventually(() => p.synced, 'synced');
    const saved: Array<{ v: VersionInfo; shapes: Record<string, unknown> }> = [];
    for (let round = 0; round < 3; round++) {
      if (round > 0) {
        (p.doc.getMap(SHAPES).get(`s${round}`) as Y.Map<unknown>).set('x', 1000 + round);
        p.doc.getMap(SHAPES).delete(`s${100 + round}`);
      }
      const shapes = p.doc.getMap(SHAPES).toJSON();
      // the relay has the change once a fresh editor sees it
      const check = connectProvider(s.relay.ws, id);
      await synced(check);
      await eventually(() => JSON.stringify(check.doc.getMap(SHAPES).toJSON()) === JSON.stringify(shapes), 'the relay has the change');
      check.destroy();
      const res = await save(s.relay.http, id, `round ${round}`);
      expect(res.status).toBe(201);
      saved.push({ v: (await res.json()) as VersionInfo, shapes });
    }
    // the later two hold only what changed
    expect(saved[1].v.bytes * 4).toBeLessThan(saved[0].v.bytes);
    expect(saved[2].v.bytes * 4).toBeLessThan(saved[0].v.bytes);
    for (const { v, shapes } of saved) expect(await versionShapes(s.relay.http, id, v.id)).toEqual(shapes);
    // and restoring a delta version brings that board back
    const restored = await fetch(`${s.relay.http}/api/rooms/${id}/versions/${saved[1].v.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    await eventually(() => JSON.stringify(p.doc.getMap(SHAPES).toJSON()) === JSON.stringify(saved[1].shapes), 'the board of round 1');
    p.destroy();
  });

  it('refuses bad requests with clear statuses; a spectator link reaches no version', async (ctx) => {
    if (s.skip) return ctx.skip();
    const room = await createRoom(s.relay.http);
    const base = `${s.relay.http}/api/rooms/${room.id}/versions`;
    const status = async (url: string, method = 'GET') => (await fetch(url, { method })).status;
    expect(await status(`${base}`, 'POST')).toBe(400); // no name
    expect(await status(`${base}?name=${'x'.repeat(101)}`, 'POST')).toBe(400);
    expect(await status(`${base}?name=%00%01`, 'POST')).toBe(400);
    expect(await status(`${base}`, 'PUT')).toBe(405);
    for (const bad of ['abc', '0', '-1', '1e3', '99999999999999999999', '1/2']) expect(await status(`${base}/${bad}`), bad).toBe(404);
    expect(await status(`${base}/12345`)).toBe(404);
    expect(await status(`${base}/12345/restore`, 'POST')).toBe(404);
    expect(await status(`${base}/12345/restore`)).toBe(405);
    expect(await status(`${s.relay.http}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/versions`)).toBe(404);
    expect(await status(`${s.relay.http}/api/rooms/AAAAAAAAAAAAAAAAAAAAAA/versions?name=x`, 'POST')).toBe(404);
    const viewId = room.viewUrl.replace('/v/', '');
    expect(await status(`${s.relay.http}/api/rooms/${viewId}/versions`)).toBe(404);
    expect(await status(`${s.relay.http}/api/views/${viewId}/versions`)).toBe(404);
    // a version of another room is not reachable through this one
    const other = await createRoom(s.relay.http);
    const v = (await (await save(s.relay.http, other.id, 'other')).json()) as VersionInfo;
    expect(await status(`${base}/${v.id}`)).toBe(404);
    expect(await status(`${base}/${v.id}/restore`, 'POST')).toBe(404);
  });

  it('versions outlive a restart of the relay', async (ctx) => {
    if (s.skip) return ctx.skip();
    const { id } = await createRoom(s.relay.http);
    const p = connectProvider(s.relay.ws, id);
    await synced(p);
    addShape(p.doc, 'kept', 3);
    await eventually(() => p.synced, 'synced');
    const v = (await (await save(s.relay.http, id, 'keep me')).json()) as VersionInfo;
    p.destroy();
    await s.relay.stop();
    s.relay = await startRelay({ runtime, env: s.env, dataDir: s.relay.dataDir });
    expect((await list(s.relay.http, id)).map((x) => x.name)).toContain('keep me');
    expect(await versionShapes(s.relay.http, id, v.id)).toEqual({ kept: { type: 'rect', x: 3 } });
  });
});

describe('version writes per address', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ env: { VERSIONS_PER_IP_PER_MINUTE: '3' } });
  });
  afterAll(() => relay.stop());

  it('past VERSIONS_PER_IP_PER_MINUTE saves and restores get 429', async () => {
    const { id } = await createRoom(relay.http);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await save(relay.http, id, `n${i}`)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    expect((await fetch(`${relay.http}/api/rooms/${id}/versions/1/restore`, { method: 'POST' })).status).toBe(429);
    // reading is not limited
    expect((await fetch(`${relay.http}/api/rooms/${id}/versions`)).status).toBe(200);
  });
});

describe('checkpoint before compaction', () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ env: { COMPACT_UPDATES: '20', VERSION_INTERVAL_MS: '600000' } });
  });
  afterAll(() => relay.stop());

  it('a board whose log is folded keeps a checkpoint of what it was as the fold began', async () => {
    const { id } = await createRoom(relay.http);
    const p = connectProvider(relay.ws, id);
    await synced(p);
    // one update each, apart (updates arriving together are logged as one)
    for (let i = 0; i < 40; i++) {
      addShape(p.doc, `c${i}`, i);
      await new Promise((r) => setTimeout(r, 15));
    }
    let versions: VersionInfo[] = [];
    for (let until = Date.now() + 8000; versions.length === 0 && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) versions = await list(relay.http, id);
    expect(versions.map((v) => v.kind)).toEqual(['compaction']);
    const shapes = await versionShapes(relay.http, id, versions[0].id);
    expect(Object.keys(shapes).length).toBeGreaterThanOrEqual(20);
    p.destroy();
  });
});
