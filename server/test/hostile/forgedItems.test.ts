import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from '../clients.ts';
import { forgery, freshState, original, stateOf } from './forgeries.ts';
import { RUNTIMES, startRelay, type RelayProcess } from '../relayProcess.ts';
import { updateFrame } from './frames.ts';

/**
 * The fuzzer's divergence (seeds 20261202 and 2, shrunk): an item under an id the room
 * has, sent again referring to an item the room lacks. Yjs held it back with the rest of
 * its update, so the room and every editor showed nothing of it, while a new editor (and
 * the room reloaded from its store) got the board encoded, where the merge of what
 * waits dropped the repeated clock and the rest no longer waited.
 */
describe.each(RUNTIMES)('an item under an id the room has, referring to items it lacks (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { ROOM_IDLE_MS: '200' } });
  });
  afterAll(() => relay.stop());

  it('is refused with 4401, and new editors and the room reloaded get what the editors hold', async () => {
    const { id } = await createRoom(relay.http);
    const a = connectProvider(relay.ws, id);
    const b = connectProvider(relay.ws, id);
    await Promise.all([synced(a), synced(b)]);
    const raw = rawSocket(`${relay.ws}/${id}`);
    await raw.opened;
    raw.ws.send(updateFrame(original()));
    await eventually(() => a.doc.getMap('shapes').get('a') === 1, 'the first update to reach editor A');
    raw.ws.send(updateFrame(forgery()));
    const closed = await Promise.race([raw.closed, new Promise<{ code: number }>((r) => setTimeout(() => r({ code: -1 }), 2_000))]);
    raw.ws.terminate();
    // a barrier: what the relay sent A before this marker is at A
    b.doc.getMap('shapes').set('after', 1);
    await eventually(() => a.doc.getMap('shapes').get('after') === 1, 'the editors to keep syncing');
    const held = stateOf(a.doc);
    expect(await freshState(relay.ws, id)).toEqual(held);
    expect(closed.code).toBe(CloseCode.InvalidUpdate);
    a.destroy();
    b.destroy();
    await eventually(() => relay.logs.some((l) => l.msg === 'room unloaded' && l.room === id), 'the room to unload');
    expect(await freshState(relay.ws, id)).toEqual(held);
  });
});
