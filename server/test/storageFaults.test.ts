import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode } from '../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';
import { blockNextSeqs } from './blockWrites.ts';

const relayState = (p: WebsocketProvider): { saving?: boolean } | undefined => {
  for (const s of p.awareness.getStates().values()) if ((s as { relay?: unknown }).relay) return (s as { relay: { saving?: boolean } }).relay;
  return undefined;
};


describe.each(RUNTIMES)('storage faults (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { SHUTDOWN_WRITE_DEADLINE_MS: '1500' } });
  });
  afterAll(() => relay.stop('SIGKILL'));

  it('a second relay on the same DATA_DIR refuses to start, saying why', async () => {
    const second = startRelay({ runtime, dataDir: relay.dataDir });
    await expect(second).rejects.toThrow(/another relay/);
  });

  it('a failing write stalls only its room: "not saving" shown, its updates refused (4507), nothing lost; other rooms go on', async () => {
    const [x, y] = await Promise.all([createRoom(relay.http), createRoom(relay.http)]);
    const [x1, x2, y1, y2] = [connectProvider(relay.ws, x.id), connectProvider(relay.ws, x.id), connectProvider(relay.ws, y.id), connectProvider(relay.ws, y.id)];
    await Promise.all([x1, x2, y1, y2].map((p) => synced(p)));
    x1.doc.getMap('m').set('before', 1);
    await eventually(() => x2.doc.getMap('m').get('before') === 1, 'a first update to pass');

    const unblock = blockNextSeqs(relay.dataDir, x.id);
    const closes: number[] = [];
    x1.on('connection-close', (e: CloseEvent | null) => e && closes.push(e.code));
    x1.doc.getMap('m').set('during', 1); // its write hits the other rows' keys
    await eventually(() => relayState(x2)?.saving === false, 'editors to see "not saving"');
    // it is in the journal (durable), so it went on; the database has it later
    await eventually(() => x2.doc.getMap('m').get('during') === 1, 'the journaled update to reach the other editor');
    x1.doc.getMap('m').set('refused', 1);
    await eventually(() => closes.includes(CloseCode.NotSaving), 'the next update to be refused with 4507');

    // the other room is not stalled
    y1.doc.getMap('m').set('other', 1);
    await eventually(() => y2.doc.getMap('m').get('other') === 1, 'the other room to keep syncing');

    unblock();
    await eventually(() => relayState(x2)?.saving === true, 'saving again once the write succeeds', 15_000);
    // x1 reconnects by itself (4507 is transient) and resends what was refused
    await eventually(() => x2.doc.getMap('m').get('during') === 1 && x2.doc.getMap('m').get('refused') === 1, 'every held and refused update to arrive', 15_000);
    for (const p of [x1, x2, y1, y2]) p.destroy();

    // all of it is stored: a crash now loses nothing
    await relay.stop('SIGKILL');
    relay = await startRelay({ runtime, dataDir: relay.dataDir, env: { SHUTDOWN_WRITE_DEADLINE_MS: '1500' } });
    const fresh = connectProvider(relay.ws, x.id);
    await synced(fresh);
    await eventually(() => fresh.doc.getMap('m').size === 3, 'every update after a restart');
    expect(fresh.doc.getMap('m').toJSON()).toEqual({ before: 1, during: 1, refused: 1 });
    fresh.destroy();
  });

  it('kill -9 while writes fail: the journal keeps what was sent, and the next start stores it', async () => {
    const { id } = await createRoom(relay.http);
    const p = connectProvider(relay.ws, id);
    const q = connectProvider(relay.ws, id);
    await Promise.all([synced(p), synced(q)]);
    const unblock = blockNextSeqs(relay.dataDir, id);
    p.doc.getMap('m').set('journaled', 1);
    await eventually(() => relayState(p)?.saving === false, '"not saving"');
    await eventually(() => q.doc.getMap('m').get('journaled') === 1, 'the update to go out');
    await relay.stop('SIGKILL');
    p.destroy();
    q.destroy();
    unblock();
    relay = await startRelay({ runtime, dataDir: relay.dataDir, env: { SHUTDOWN_WRITE_DEADLINE_MS: '1500' } });
    expect(relay.logs.some((l) => l.msg === 'journal recovered')).toBe(true);
    const fresh = connectProvider(relay.ws, id);
    await synced(fresh);
    await eventually(() => fresh.doc.getMap('m').get('journaled') === 1, 'the journaled update after the restart');
    fresh.destroy();
  });

  it('a graceful shutdown while writes fail exits non-zero', async () => {
    const { id } = await createRoom(relay.http);
    const p = connectProvider(relay.ws, id);
    await synced(p);
    const unblock = blockNextSeqs(relay.dataDir, id);
    p.doc.getMap('m').set('unsaved', 1);
    await eventually(() => relayState(p)?.saving === false, '"not saving"');
    p.destroy();
    await relay.stop('SIGTERM');
    expect(relay.exitCode()).not.toBe(0);
    expect(relay.exitCode()).not.toBeNull();
    unblock();
    relay = await startRelay({ runtime, dataDir: relay.dataDir });
    const fresh = connectProvider(relay.ws, id);
    await synced(fresh);
    await eventually(() => fresh.doc.getMap('m').get('unsaved') === 1, 'the unsaved update, from the journal');
    fresh.destroy();
  });
});

describe.each(RUNTIMES)('crash safety (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it('kill -9 right after a broadcast, every editor gone: nothing that was broadcast is lost', async () => {
    const { id } = await createRoom(relay.http);
    for (let round = 0; round < 3; round++) {
      const writer = connectProvider(relay.ws, id);
      const watcher = connectProvider(relay.ws, id);
      await Promise.all([synced(writer), synced(watcher)]);
      const m = writer.doc.getMap<number>('m');
      for (let i = 0; i < 30; i++) m.set(`r${round}-${i}`, i);
      const last = `r${round}-29`;
      await eventually(() => watcher.doc.getMap('m').has(last), 'the broadcast to arrive', 10_000);
      // editors gone without a goodbye and the relay killed at once: only its own disk can have it
      await relay.stop('SIGKILL');
      writer.destroy();
      watcher.destroy();
      relay = await startRelay({ runtime, dataDir: relay.dataDir });
    }
    const fresh = connectProvider(relay.ws, id);
    await synced(fresh);
    await eventually(() => fresh.doc.getMap('m').size === 90, 'all 90 keys', 10_000).catch(() => undefined);
    expect(fresh.doc.getMap('m').size).toBe(90);
    fresh.destroy();
  });
});
