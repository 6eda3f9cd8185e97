import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CloseCode } from '../../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from '../clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from '../relayProcess.ts';
import { awarenessFrame } from './frames.ts';

describe.each(RUNTIMES)('awareness is owned (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it("a socket can neither remove nor overwrite another editor's presence, nor the relay's own state", async () => {
    const { id } = await createRoom(relay.http);
    const alice = connectProvider(relay.ws, id);
    const bob = connectProvider(relay.ws, id);
    await Promise.all([synced(alice), synced(bob)]);
    alice.awareness.setLocalState({ user: { name: 'Alice' } });
    await eventually(() => (bob.awareness.getStates().get(alice.doc.clientID) as { user?: { name: string } })?.user?.name === 'Alice', 'Bob to see Alice');
    const relayId = [...bob.awareness.getStates().entries()].find(([, s]) => (s as { relay?: unknown }).relay)?.[0];
    expect(relayId).toBeDefined();

    const mallory = rawSocket(`${relay.ws}/${id}`);
    await mallory.opened;
    const aliceClock = alice.awareness.meta.get(alice.doc.clientID)!.clock;
    mallory.ws.send(
      awarenessFrame([
        { clientID: alice.doc.clientID, clock: aliceClock + 100, state: null },
        { clientID: relayId!, clock: 1_000_000, state: { relay: { spectators: 999 } } },
      ]),
    );
    mallory.ws.send(awarenessFrame([{ clientID: alice.doc.clientID, clock: aliceClock + 200, state: { user: { name: 'Mallory' } } }]));
    // Mallory's own presence, which must go through: proves the frames above were processed
    mallory.ws.send(awarenessFrame([{ clientID: 777_777, clock: 1, state: { user: { name: 'Mallory' } } }]));
    await eventually(() => bob.awareness.getStates().has(777_777), "Mallory's own state to arrive");
    expect((bob.awareness.getStates().get(alice.doc.clientID) as { user: { name: string } }).user.name).toBe('Alice');
    expect((bob.awareness.getStates().get(relayId!) as { relay: { spectators: number } }).relay.spectators).toBe(0);

    // Mallory may remove her own; once she leaves, her id leaves nothing behind
    mallory.ws.close();
    await eventually(() => !bob.awareness.getStates().has(777_777), "Mallory's state removed when she leaves");
    // Alice still there after all of it
    expect(bob.awareness.getStates().has(alice.doc.clientID)).toBe(true);
    alice.destroy();
    bob.destroy();
  });

  it('states over the size cap or nested too deeply are refused with 4400; other editors are unaffected', async () => {
    const { id } = await createRoom(relay.http);
    const peer = connectProvider(relay.ws, id, new Y.Doc());
    await synced(peer);
    for (const state of [{ blob: 'x'.repeat(70_000) }, JSON.parse('['.repeat(40) + ']'.repeat(40))]) {
      const s = rawSocket(`${relay.ws}/${id}`);
      await s.opened;
      s.ws.send(awarenessFrame([{ clientID: 55_555, clock: 1, state }]));
      expect((await s.closed).code).toBe(CloseCode.MalformedMessage);
    }
    expect(peer.awareness.getStates().has(55_555)).toBe(false);
    peer.destroy();
  });
});

describe.each(RUNTIMES)('awareness echoes (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime });
  });
  afterAll(() => relay.stop());

  it("an echo of someone's last state after they left does not take their id: they reappear when they come back", async () => {
    const { id } = await createRoom(relay.http);
    const alice = connectProvider(relay.ws, id);
    const bob = connectProvider(relay.ws, id);
    const carol = connectProvider(relay.ws, id);
    await Promise.all([synced(alice), synced(bob), synced(carol)]);
    alice.awareness.setLocalState({ user: { name: 'Alice' } });
    await eventually(() => bob.awareness.getStates().has(alice.doc.clientID), 'Bob to see Alice');
    const aliceClock = alice.awareness.meta.get(alice.doc.clientID)!.clock;
    alice.disconnect();
    await eventually(() => !carol.awareness.getStates().has(alice.doc.clientID), 'Alice gone for Carol');
    // Bob's socket (stock y-websocket echoes what it hears) sends Alice's last state back
    const echo = rawSocket(`${relay.ws}/${id}`);
    await echo.opened;
    echo.ws.send(awarenessFrame([{ clientID: 424_242, clock: 1, state: { user: { name: 'Echoer' } } }]));
    echo.ws.send(awarenessFrame([{ clientID: alice.doc.clientID, clock: aliceClock, state: { user: { name: 'Alice' } } }]));
    await eventually(() => carol.awareness.getStates().has(424_242), "the echoer's own state");
    expect(carol.awareness.getStates().has(alice.doc.clientID)).toBe(false);
    // Alice comes back: her id is still hers (stock y-websocket resends her state as it was,
    // which peers that saw her leave at that clock ignore; her next change shows her)
    alice.connect();
    await synced(alice);
    await eventually(() => alice.wsconnected, 'Alice connected');
    alice.awareness.setLocalStateField('user', { name: 'Alice again' });
    await eventually(
      () => (carol.awareness.getStates().get(alice.doc.clientID) as { user?: { name: string } })?.user?.name === 'Alice again',
      "Alice's updates to be hers again",
    );
    echo.ws.terminate();
    for (const p of [alice, bob, carol]) p.destroy();
  });
});
