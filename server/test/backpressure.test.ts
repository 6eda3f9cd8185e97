import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

interface PausableSocket {
  _socket: { pause(): void; resume(): void };
}

describe.each(RUNTIMES)('a receiver that stops reading (%s)', (runtime) => {
  let relay: RelayProcess;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_BUFFERED_BYTES: String(256 * 1024) } });
  });
  afterAll(() => relay.stop());

  it('is disconnected with 4508 instead of growing memory, while the others keep syncing', async () => {
    const { id } = await createRoom(relay.http);
    const writer = connectProvider(relay.ws, id);
    const reader = connectProvider(relay.ws, id);
    await Promise.all([synced(writer), synced(reader)]);

    const slow = rawSocket(`${relay.ws}/${id}`);
    await slow.opened;
    (slow.ws as unknown as PausableSocket)._socket.pause();

    // ~24 MB of updates: far more than the loopback socket buffers and the 256 KiB limit.
    const blob = new Uint8Array(800_000).fill(7);
    const items = writer.doc.getArray<Uint8Array>('blobs');
    for (let i = 0; i < 30; i++) {
      blob[0] = i;
      items.push([blob.slice()]);
      await new Promise((r) => setTimeout(r, 15));
    }
    await eventually(() => reader.doc.getArray('blobs').length === 30, 'the healthy reader to get everything', 30_000);
    await eventually(() => relay.logs.some((l) => l.msg === 'disconnecting slow receiver'), 'the relay to drop the slow reader', 20_000);

    (slow.ws as unknown as PausableSocket)._socket.resume();
    const closed = await slow.closed;
    expect(closed.code).toBe(CloseCode.SlowConsumer);
    writer.destroy();
    reader.destroy();
  }, 60_000);
});
