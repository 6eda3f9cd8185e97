import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import * as Y from 'yjs';
import { parseEventId } from '../../shared/sse.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES } from './relayProcess.ts';
import { spectate } from './spectate.ts';
import { startCluster, type TestCluster } from './cluster/harness.ts';
import { skipWithoutCluster } from './cluster/services.ts';

const skip = await skipWithoutCluster();
const shapes = (doc: Y.Doc) => doc.getMap('shapes').toJSON();

describe.skipIf(skip).each(RUNTIMES)('three relays on one Redis and one Postgres (%s)', (runtime) => {
  let cluster: TestCluster;
  beforeAll(async () => {
    // rooms leave memory soon after their last visitor: loads from Postgres + stream are exercised often
    cluster = await startCluster([runtime, runtime, runtime], { env: { ROOM_IDLE_MS: '500' } });
  }, 60_000);
  afterAll(() => cluster?.stop());

  it('a board made on one relay is served by every relay; editors on different relays see each other’s strokes and cursors; a late joiner on a third gets the whole board', async () => {
    const [r0, r1, r2] = cluster.relays;
    const room = await createRoom(r0.http);
    for (const r of [r1, r2]) expect((await fetch(`${r.http}/api/rooms/${room.id}`)).status).toBe(200);

    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 50; i++) a.doc.getMap('shapes').set(`a${i}`, { x: i });
    for (let i = 0; i < 50; i++) b.doc.getMap('shapes').set(`b${i}`, { y: i });
    await eventually(() => isDeepStrictEqual(shapes(a.doc), shapes(b.doc)) && Object.keys(shapes(a.doc)).length === 100, 'both editors to have both strokes');

    a.awareness.setLocalStateField('cursor', { x: 10, y: 20 });
    await eventually(() => isDeepStrictEqual(b.awareness.getStates().get(a.awareness.clientID)?.cursor, { x: 10, y: 20 }), 'cursor across relays');

    const c = connectProvider(r2.ws, room.id);
    await synced(c);
    await eventually(() => isDeepStrictEqual(shapes(c.doc), shapes(a.doc)), 'late joiner to have the board');
    // relay 2 asked the others for their editors' presence when it started following the room
    await eventually(() => isDeepStrictEqual(c.awareness.getStates().get(a.awareness.clientID)?.cursor, { x: 10, y: 20 }), 'late joiner to see the cursor', 3000);

    // a leaving editor's presence goes on every relay
    const leaving = b.awareness.clientID;
    b.awareness.setLocalStateField('user', { name: 'Bo' });
    await eventually(() => a.awareness.getStates().has(leaving), 'b present on a');
    b.destroy();
    await eventually(() => !a.awareness.getStates().has(leaving), 'b gone from a');
    for (const p of [a, c]) p.destroy();
  });

  it('an editor cannot write or remove the presence of someone on another relay', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    a.awareness.setLocalStateField('user', { name: 'Ada' });
    await eventually(() => b.awareness.getStates().get(a.awareness.clientID)?.user?.name === 'Ada', 'Ada seen on relay 1');
    // b speaks for a's client id: relay 1 knows the id belongs to another relay and drops it
    const { encodeAwarenessUpdate, Awareness } = await import('y-protocols/awareness');
    const forged = new Awareness(new Y.Doc());
    forged.clientID = a.awareness.clientID;
    forged.setLocalState({ user: { name: 'Mallory' } });
    forged.meta.set(a.awareness.clientID, { clock: 1000, lastUpdated: Date.now() });
    const frame = encodeAwarenessUpdate(forged, [a.awareness.clientID]);
    const { writeVarUint, writeVarUint8Array, createEncoder, toUint8Array } = await import('lib0/encoding');
    const enc = createEncoder();
    writeVarUint(enc, 1);
    writeVarUint8Array(enc, frame);
    b.ws!.send(toUint8Array(enc));
    const c = connectProvider(r1.ws, room.id);
    await synced(c);
    await new Promise((r) => setTimeout(r, 500));
    expect(a.awareness.getStates().get(a.awareness.clientID)?.user?.name).toBe('Ada');
    expect(c.awareness.getStates().get(a.awareness.clientID)?.user?.name ?? 'Ada').toBe('Ada');
    for (const p of [a, b, c]) p.destroy();
  });

  it('a spectator resumes with Last-Event-ID on another relay: only what it missed, no snapshot', async () => {
    const [r0, r1, r2] = cluster.relays;
    const room = await createRoom(r0.http);
    const viewId = room.viewUrl.split('/').pop()!;
    const editor = connectProvider(r0.ws, room.id);
    await synced(editor);
    for (let i = 0; i < 5; i++) editor.doc.getMap('shapes').set(`k${i}`, i);
    const first = spectate(`${r1.http}/rooms/${viewId}/events`);
    await eventually(() => isDeepStrictEqual(first.doc.getMap('shapes').toJSON(), shapes(editor.doc)), 'spectator on relay 1 to converge');
    const lastId = first.events[first.events.length - 1].id;
    first.es.close();
    for (let i = 5; i < 8; i++) editor.doc.getMap('shapes').set(`k${i}`, i);
    await new Promise((r) => setTimeout(r, 300));
    const resumed = spectate(`${r2.http}/rooms/${viewId}/events`, lastId);
    resumed.doc.getMap('shapes');
    Y.applyUpdate(resumed.doc, Y.encodeStateAsUpdate(first.doc));
    await eventually(() => isDeepStrictEqual(resumed.doc.getMap('shapes').toJSON(), shapes(editor.doc)), 'resumed spectator on relay 2 to converge');
    expect(resumed.events[0].type).toBe('update');
    expect(resumed.events.every((e) => e.type === 'update')).toBe(true);
    expect(parseEventId(resumed.events[0].id)!.seq).toBe(parseEventId(lastId)!.seq + 1);
    resumed.es.close();
    editor.destroy();
  });

  it('what the relays accepted reaches Postgres, and the stream is trimmed to what is kept for replay', async () => {
    const [r0] = cluster.relays;
    const room = await createRoom(r0.http);
    const editor = connectProvider(r0.ws, room.id);
    await synced(editor);
    for (let i = 0; i < 20; i++) editor.doc.getMap('shapes').set(`k${i}`, i);
    const table = (name: string) => cluster.sql.unsafe(`SELECT count(*)::int AS n FROM ${cluster.schema.name}.${name} WHERE room_id = $1`, [room.id]);
    let rows = 0;
    for (let t = 0; t < 100 && rows === 0; t++) {
      rows = (await table('updates'))[0].n + (await table('snapshots'))[0].n;
      if (rows === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toBeGreaterThan(0);
    for (let t = 0; t < 50; t++) {
      if (!(await cluster.redis.sismember(`${cluster.prefix}:dirty`, room.id))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(await cluster.redis.sismember(`${cluster.prefix}:dirty`, room.id)).toBe(0);
    const stream = `${cluster.prefix}:{${room.id}}:log`;
    expect(await cluster.redis.xlen(stream)).toBeGreaterThan(0); // kept for spectators while the board is in use
    editor.destroy();
    // unloaded: an idle board keeps nothing in its stream
    let left = -1;
    for (let t = 0; t < 50 && left !== 0; t++) {
      left = await cluster.redis.xlen(stream);
      if (left !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(left).toBe(0);
  });

  it('kill -9 of a relay loses nothing it broadcast: a new editor on another relay, and every relay restarted, have it all', async () => {
    const [r0, r1] = cluster.relays;
    const room = await createRoom(r0.http);
    const a = connectProvider(r0.ws, room.id);
    const b = connectProvider(r1.ws, room.id);
    await Promise.all([synced(a), synced(b)]);
    for (let i = 0; i < 30; i++) a.doc.getMap('shapes').set(`a${i}`, i);
    await eventually(() => Object.keys(shapes(b.doc)).length === 30, 'b to have what relay 0 broadcast');
    const seen = shapes(b.doc);
    a.destroy();
    await r0.stop('SIGKILL');
    b.destroy();
    const c = connectProvider(cluster.relays[2].ws, room.id);
    await synced(c);
    await eventually(() => isDeepStrictEqual(shapes(c.doc), seen), 'relay 2 to have everything relay 0 broadcast');
    c.destroy();

    // every relay gone, Redis and Postgres keep it
    await Promise.all(cluster.relays.map((r) => r.stop('SIGKILL')));
    await cluster.restart(0);
    const d = connectProvider(cluster.relays[0].ws, room.id);
    await synced(d);
    await eventually(() => isDeepStrictEqual(shapes(d.doc), seen), 'a restarted relay to have it all');
    d.destroy();
    await Promise.all([cluster.restart(1), cluster.restart(2)]);
  }, 60_000);
});
