import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { resumeAwareness } from './awarenessResume.ts';
import { FakeSocket, fakeProvider } from './fakeSocket.ts';

/** The awareness entries (client, clock) of the awareness frames a socket sent. */
function sentAwareness(socket: FakeSocket): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const frame of socket.sent) {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== 1) continue;
    const u = decoding.createDecoder(decoding.readVarUint8Array(d));
    for (let n = decoding.readVarUint(u); n > 0; n--) {
      out.push([decoding.readVarUint(u), decoding.readVarUint(u)]);
      decoding.readVarString(u);
    }
  }
  return out;
}

/** An awareness frame from the relay carrying a peer's state. */
function peerFrame(peer: Awareness): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 1);
  encoding.writeVarUint8Array(enc, encodeAwarenessUpdate(peer, [peer.clientID]));
  return encoding.toUint8Array(enc);
}

describe('awareness over the provider (awarenessResume.ts)', () => {
  it('sends only our own state, never an echo of what the relay sent us', () => {
    const provider = fakeProvider();
    resumeAwareness(provider);
    provider.awareness.setLocalState({ user: { id: 'me', name: 'Me', color: '#000' } });
    provider.connect();
    const socket = FakeSocket.last();
    socket.open();
    const peer = new Awareness(new Y.Doc());
    peer.setLocalState({ user: { id: 'peer', name: 'Peer', color: '#fff' } });
    socket.sent = [];
    socket.receive(peerFrame(peer));
    expect(provider.awareness.getStates().has(peer.clientID)).toBe(true);
    provider.awareness.setLocalStateField('cursor', { x: 1, y: 2 });
    const ids = sentAwareness(socket).map(([id]) => id);
    expect(ids).toEqual([provider.awareness.clientID]);
    provider.destroy();
  });

  it('after a reconnect takes the states the relay sends again, and announces ours under a new clock', () => {
    const provider = fakeProvider();
    resumeAwareness(provider);
    provider.awareness.setLocalState({ user: { id: 'me', name: 'Me', color: '#000' } });
    provider.connect();
    FakeSocket.last().open();
    const peer = new Awareness(new Y.Doc());
    peer.setLocalState({ user: { id: 'peer', name: 'Peer', color: '#fff' } });
    FakeSocket.last().receive(peerFrame(peer));
    const clock = provider.awareness.meta.get(provider.awareness.clientID)!.clock;

    FakeSocket.last().serverClose(4507);
    expect(provider.awareness.getStates().has(peer.clientID)).toBe(false);
    provider.connect(); // what the backoff timer would do
    const socket = FakeSocket.last();
    socket.open();
    // the same state with the same clock, as the relay sends it on connect
    socket.receive(peerFrame(peer));
    expect(provider.awareness.getStates().has(peer.clientID)).toBe(true);
    expect(sentAwareness(socket)).toContainEqual([provider.awareness.clientID, clock + 1]);
    provider.destroy();
  });
});
