import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from './clients.ts';
import { RUNTIMES, startRelay, type Runtime, type RelayProcess } from './relayProcess.ts';

const running: RelayProcess[] = [];
async function relayOn(runtime: Runtime, dataDir?: string, env?: Record<string, string>) {
  const r = await startRelay({ runtime, dataDir, env });
  running.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop('SIGKILL')));
});

async function drawPoints(wsUrl: string, roomId: string, n: number) {
  const p = connectProvider(wsUrl, roomId);
  await synced(p);
  const pts = new Y.Array<number>();
  const shape = new Y.Map<unknown>();
  shape.set('pts', pts);
  p.doc.getMap('shapes').set('s1', shape);
  // One update per point, as a pen would send them.
  for (let i = 0; i < n; i++) pts.push([i]);
  return p;
}

async function readBoard(wsUrl: string, roomId: string, expectPoints: number) {
  const p = connectProvider(wsUrl, roomId);
  await synced(p);
  const len = () => ((p.doc.getMap('shapes').get('s1') as Y.Map<Y.Array<number>> | undefined)?.get('pts')?.length ?? 0);
  await eventually(() => len() === expectPoints, `${expectPoints} points after restart`).catch(() => undefined);
  const result = len();
  p.destroy();
  return result;
}

describe.each(RUNTIMES)('the board survives the relay (SQLite on a temp dir) (%s)', (runtime) => {
  it('after a graceful restart, with the log compacted into snapshots', async () => {
    const first = await relayOn(runtime, undefined, { COMPACT_UPDATES: '50', LOG_LEVEL: 'debug' });
    const { id } = await createRoom(first.http);
    const writer = await drawPoints(first.ws, id, 120);
    const watcher = connectProvider(first.ws, id);
    await synced(watcher);
    await eventually(() => ((watcher.doc.getMap('shapes').get('s1') as Y.Map<Y.Array<number>>)?.get('pts')?.length ?? 0) === 120, 'relay to hold all points');
    writer.destroy();
    watcher.destroy();
    await first.stop('SIGTERM');
    // the log was folded on the compaction thread, not on the event loop, from the room's
    // copy of it in memory, not read back from the store
    const compactions = first.logs.filter((l) => l.msg === 'compacted');
    expect(compactions.map((l) => l.on)).toContain('thread');
    expect(compactions.map((l) => l.from)).toContain('memory');
    expect(compactions.map((l) => l.from)).not.toContain('store');

    const second = await relayOn(runtime, first.dataDir);
    expect(await readBoard(second.ws, id, 120)).toBe(120);
    const loaded = second.logs.find((l) => l.msg === 'room loaded');
    // 120 updates with a threshold of 50: most of them were folded into the snapshot.
    expect(Number(loaded?.snapshotBytes)).toBeGreaterThan(0);
    expect(Number(loaded?.updates)).toBeLessThan(50);
  });

  it('a refused update is refused before it touches the room: compaction still folds from memory, and nothing is lost', async () => {
    const first = await relayOn(runtime, undefined, { COMPACT_UPDATES: '5', LOG_LEVEL: 'debug' });
    const { id } = await createRoom(first.http);
    const writer = connectProvider(first.ws, id);
    await synced(writer);
    // decodes, but Yjs would throw applying it (see badInput.test.ts): validation refuses it first
    const bad = rawSocket(`${first.ws}/${id}`);
    await bad.opened;
    bad.ws.send(new Uint8Array([0, 2, 7, 0, 1, 5, 1, 0xe8, 0x07, 0]));
    expect((await bad.closed).code).toBe(CloseCode.InvalidUpdate);
    const m = writer.doc.getMap<number>('m');
    for (let i = 0; i < 12; i++) {
      m.set(`k${i}`, i);
      await new Promise((r) => setTimeout(r, 40));
    }
    await eventually(() => first.logs.some((l) => l.msg === 'compacted'), 'a compaction');
    expect(first.logs.filter((l) => l.msg === 'compacted').map((l) => l.from)).not.toContain('store');
    writer.destroy();
    await first.stop('SIGTERM');
    const second = await relayOn(runtime, first.dataDir);
    const reader = connectProvider(second.ws, id);
    await synced(reader);
    await eventually(() => reader.doc.getMap('m').size === 12, 'all 12 keys after a restart').catch(() => undefined);
    expect(reader.doc.getMap('m').toJSON()).toEqual(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`k${i}`, i])));
    reader.destroy();
  });

  it('after a crash (SIGKILL), every update the relay had time to batch is there', async () => {
    const first = await relayOn(runtime);
    const { id } = await createRoom(first.http);
    const writer = await drawPoints(first.ws, id, 40);
    const watcher = connectProvider(first.ws, id);
    await synced(watcher);
    await eventually(() => ((watcher.doc.getMap('shapes').get('s1') as Y.Map<Y.Array<number>>)?.get('pts')?.length ?? 0) === 40, 'relay to hold all points');
    await new Promise((r) => setTimeout(r, 200));
    await first.stop('SIGKILL');
    writer.destroy();
    watcher.destroy();

    const second = await relayOn(runtime, first.dataDir);
    expect(await readBoard(second.ws, id, 40)).toBe(40);
  });

  it('unloads an idle room from memory and loads it again on the next join', async () => {
    const relay = await relayOn(runtime, undefined, { ROOM_IDLE_MS: '200' });
    const { id } = await createRoom(relay.http);
    const writer = await drawPoints(relay.ws, id, 10);
    await new Promise((r) => setTimeout(r, 100));
    writer.destroy();
    await eventually(() => relay.logs.some((l) => l.msg === 'room unloaded' && l.room === id), 'room to unload');
    const health = await (await fetch(`${relay.http}/healthz`)).json();
    expect(health.rooms).toBe(0);
    expect(await readBoard(relay.ws, id, 10)).toBe(10);
    expect(relay.logs.filter((l) => l.msg === 'room loaded' && l.room === id)).toHaveLength(2);
  });
});
