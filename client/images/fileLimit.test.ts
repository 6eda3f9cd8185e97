import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { DEFAULT_MAX_FILE_BYTES } from '../../shared/imageFiles.ts';
import { connectProvider, createRoom, eventually, synced } from '../../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../../server/test/relayProcess.ts';
import { relayFileLimit } from './fileLimit.ts';

/** An awareness holding the given states of other clients. */
function statesOf(...states: Record<string, unknown>[]) {
  const map = new Map<number, unknown>(states.map((s, i) => [100 + i, s]));
  return { clientID: 1, getStates: () => map } as unknown as Awareness;
}

describe("the relay's file limit", () => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ env: { MAX_FILE_BYTES: String(3 * 1024 * 1024) } });
  }, 60_000);
  afterAll(() => relay?.stop());

  it('is what the relay is configured with, read from its awareness entry', async () => {
    const room = await createRoom(relay.http);
    const p = connectProvider(relay.ws, room.id, new Y.Doc());
    await synced(p);
    await eventually(() => relayFileLimit(p.awareness) === 3 * 1024 * 1024, 'the relay to publish MAX_FILE_BYTES');
    p.destroy();
  });

  it('is the default when unknown, and an editor posing as the relay or a forged value is ignored', () => {
    expect(relayFileLimit(new Awareness(new Y.Doc()))).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(relayFileLimit(statesOf({ user: { id: 'x', name: 'Mallory', color: '#000000' }, relay: { maxFileBytes: 2 ** 30 } }))).toBe(DEFAULT_MAX_FILE_BYTES);
    for (const bad of [-1, 1.5, 10, '5000000', Infinity, 2 ** 60, null]) expect(relayFileLimit(statesOf({ relay: { maxFileBytes: bad } }))).toBe(DEFAULT_MAX_FILE_BYTES);
    expect(relayFileLimit(statesOf({ relay: { maxFileBytes: 20 * 1024 * 1024 } }))).toBe(20 * 1024 * 1024);
  });
});
