import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { CloseCode } from '../../shared/closeCodes.ts';
import { connectProvider, createRoom, eventually, rawSocket, synced } from './clients.ts';
import { RUNTIMES, startRelay, type RelayProcess } from './relayProcess.ts';

/** A sync-update frame [0, 2, varUint8Array(update)]. */
function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarUint(enc, 2);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

/** A real update that writes `marker` into the shapes map. */
function markerUpdate(marker: string, padding = 0): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap('shapes').set(marker, 'x'.repeat(padding) || 'bad');
  return Y.encodeStateAsUpdate(doc);
}

describe.each(RUNTIMES)('bad input closes only the offending connection (%s)', (runtime) => {
  let relay: RelayProcess;
  let roomId: string;
  beforeAll(async () => {
    relay = await startRelay({ runtime, env: { MAX_FRAME_BYTES: '65536' } });
    roomId = (await createRoom(relay.http)).id;
  });
  afterAll(() => relay.stop());

  const cases: Array<{ name: string; frame: () => Uint8Array | string; code: number }> = [
    { name: 'unknown message type', frame: () => new Uint8Array([9, 0, 0]), code: CloseCode.MalformedMessage },
    { name: 'unknown sync sub-type', frame: () => new Uint8Array([0, 7, 0]), code: CloseCode.MalformedMessage },
    { name: 'truncated frame (length past the end)', frame: () => new Uint8Array([0, 2, 50, 1, 2]), code: CloseCode.MalformedMessage },
    {
      name: 'trailing garbage after a valid message',
      frame: () => new Uint8Array([...updateFrame(markerUpdate('trailing')), 1, 2, 3]),
      code: CloseCode.MalformedMessage,
    },
    {
      name: 'truncated Yjs update inside a well-formed frame',
      frame: () => {
        const u = markerUpdate('truncated');
        return updateFrame(u.subarray(0, u.length - 4));
      },
      code: CloseCode.InvalidUpdate,
    },
    { name: 'random bytes as a Yjs update', frame: () => updateFrame(new Uint8Array([5, 200, 13, 255, 255, 1, 9, 9])), code: CloseCode.InvalidUpdate },
    {
      // decodes fine, but Yjs throws while applying an empty range beyond the doc's clock
      name: 'delete set with an empty range Yjs cannot apply',
      frame: () => updateFrame(new Uint8Array([0, 1, 5, 1, 0xe8, 0x07, 0])),
      code: CloseCode.InvalidUpdate,
    },
    { name: 'malformed awareness update', frame: () => new Uint8Array([1, 4, 1, 1, 1, 99]), code: CloseCode.MalformedMessage },
    { name: 'frame over the size limit', frame: () => updateFrame(markerUpdate('oversized', 70_000)), code: CloseCode.FrameTooLarge },
    { name: 'text frame', frame: () => 'hello', code: CloseCode.UnsupportedData },
  ];

  for (const c of cases) {
    it(`${c.name} -> close ${c.code}; the other editor keeps syncing; nothing reaches peers or the store`, async () => {
      const good = connectProvider(relay.ws, roomId);
      const peer = connectProvider(relay.ws, roomId);
      await Promise.all([synced(good), synced(peer)]);
      const seenByPeer: string[] = [];
      peer.doc.getMap('shapes').observe((e) => e.keysChanged.forEach((k) => seenByPeer.push(k)));

      const bad = rawSocket(`${relay.ws}/${roomId}`);
      await bad.opened;
      bad.ws.send(c.frame());
      const closed = await bad.closed;
      expect(closed.code).toBe(c.code);
      expect(closed.reason.length).toBeGreaterThan(0);

      const key = `good-${c.code}-${Math.random()}`;
      good.doc.getMap('shapes').set(key, 'ok');
      await eventually(() => seenByPeer.includes(key), 'the good update to arrive');
      expect(seenByPeer.filter((k) => !k.startsWith('good-'))).toEqual([]);
      good.destroy();
      peer.destroy();
    });
  }

  it('a room id that is not ours -> 4404', async () => {
    for (const id of ['AAAAAAAAAAAAAAAAAAAAAA', 'not-an-id', '..%2F..%2Fetc']) {
      const s = rawSocket(`${relay.ws}/${id}`);
      expect((await s.closed).code).toBe(CloseCode.UnknownRoom);
    }
  });

  it('every rejected socket is counted out of the open connections', async () => {
    // Every client above was destroyed or closed by the relay; the gauge must not go negative.
    let connections = -1;
    for (let i = 0; i < 50 && connections !== 0; i++) {
      connections = ((await (await fetch(`${relay.http}/healthz`)).json()) as { connections: number }).connections;
      if (connections !== 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(connections).toBe(0);
  });

  it('after all that the relay still serves, and a fresh client sees no rejected content', async () => {
    const res = await fetch(`${relay.http}/healthz`);
    expect(res.status).toBe(200);
    const metrics = await (await fetch(`${relay.http}/metrics`)).text();
    const rejected = (code: number) => Number(new RegExp(`wb_frames_rejected_total{code="${code}"} (\\d+)`).exec(metrics)?.[1] ?? 0);
    expect(rejected(CloseCode.MalformedMessage)).toBe(cases.filter((c) => c.code === CloseCode.MalformedMessage).length);
    expect(rejected(CloseCode.UnknownRoom)).toBe(3);
    await relay.stop('SIGTERM');
    relay = await startRelay({ runtime, dataDir: relay.dataDir });
    const fresh = connectProvider(relay.ws, roomId);
    await synced(fresh);
    const keys = [...fresh.doc.getMap('shapes').keys()];
    expect(keys.length).toBe(cases.length);
    expect(keys.every((k) => k.startsWith('good-'))).toBe(true);
    fresh.destroy();
  });

  // After the metrics check: these add rejections it does not count.
  it('a malformed %-escape in the room id -> 4404, and the relay keeps serving', async () => {
    const s = rawSocket(`${relay.ws}/%E0%A4%A`);
    expect((await s.closed).code).toBe(CloseCode.UnknownRoom);
    expect((await fetch(`${relay.http}/healthz`)).status).toBe(200);
  });

  it('what the relay sent before closing a connection arrives before the close frame', async () => {
    const bad = rawSocket(`${relay.ws}/${roomId}`);
    const received: number[][] = [];
    bad.ws.on('message', (data: Buffer) => received.push([data[0], data[1]]));
    await bad.opened;
    // sync step 1, then garbage, in one TCP write: both are handled in one callback, so
    // the step-2 reply is still queued when the relay closes the socket
    const step1 = new Uint8Array([0, 0, 1, 0]);
    const socket = (bad.ws as unknown as { _socket: import('node:net').Socket })._socket;
    socket.cork();
    bad.ws.send(step1);
    bad.ws.send(new Uint8Array([9, 0, 0]));
    socket.uncork();
    expect((await bad.closed).code).toBe(CloseCode.MalformedMessage);
    expect(received).toContainEqual([0, 1]);
  });
});
