import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from '../clients.ts';
import { behindGap, freshState, stateOf, Z } from './forgeries.ts';
import { RUNTIMES, startRelay, type RelayProcess } from '../relayProcess.ts';
import { updateFrame } from './frames.ts';

/**
 * The fuzzer's divergence of seed 2, batch 16179 (shrunk): an item of Z's after X:1 sent
 * with an item of X's from beyond a gap (X:6, X:0..5 missing). Yjs notes Z's item as
 * waiting for X:5, the clock before the gap, instead of X:1; X:0..2 arriving then leave
 * it held back although all it waits for is there, at the room and at every editor,
 * while a new editor (and the room reloaded from its store) got the board encoded,
 * where it is merged in and integrates. The update giving X:0..2 is refused.
 */
describe.each(RUNTIMES)('an update giving a waiting item what it waits for, while Yjs keeps it back (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { ROOM_IDLE_MS: '200' } });
  });
  afterAll(() => relay.stop());

  async function send(url: string, update: Uint8Array): Promise<number> {
    const raw = rawSocket(url);
    await raw.opened;
    raw.ws.send(updateFrame(update));
    const closed = await Promise.race([raw.closed, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 1_000))]);
    raw.ws.terminate();
    return closed.code;
  }

  it('is refused with 4401, and new editors and the room reloaded get what the editors hold', async () => {
    const { fill, forgery } = behindGap();
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    // a barrier: what the relay sent A before this marker is at A
    const barrier = async (key: string) => {
      b.doc.getMap('shapes').set(key, 1);
      await eventually(() => a.doc.getMap('shapes').get(key) === 1, `marker ${key} to reach editor A`);
    };
    expect(await send(`${relay.ws}/${id}`, forgery)).toBe(-1); // accepted: it waits
    await barrier('first');
    const code = await send(`${relay.ws}/${id}`, fill);
    await barrier('second');
    const held = stateOf(a.doc);
    expect(held.some(([client]) => client === Z)).toBe(false);
    expect(await freshState(relay.ws, id)).toEqual(held);
    expect(code).toBe(CloseCode.InvalidUpdate);
    // refused by validation, before Yjs had any of it: the room did not have to reload (Room.settle's last resort)
    expect(relay.logs.some((l) => l.msg === 'rejected frame' && l.room === id && l.code === CloseCode.InvalidUpdate)).toBe(true);
    expect(relay.logs.some((l) => l.msg === 'room reloading after a failed update' && l.room === id)).toBe(false);
    a.destroy();
    b.destroy();
    await eventually(() => relay.logs.some((l) => l.msg === 'room unloaded' && l.room === id), 'the room to unload');
    expect(await freshState(relay.ws, id)).toEqual(held);
  });
});
