import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { peopleIn, spectatorsFrom } from './presence.ts';

describe('presence', () => {
  it('reads people and the relay spectator count from awareness', () => {
    const mine = new Awareness(new Y.Doc());
    const relay = new Awareness(new Y.Doc());
    const peer = new Awareness(new Y.Doc());
    relay.setLocalState({ relay: { spectators: 3 } });
    peer.setLocalState({ user: { id: 'u1', name: 'Calm Otter', color: '#e03131' }, cursor: { x: 1, y: 2 } });
    for (const a of [relay, peer]) applyAwarenessUpdate(mine, encodeAwarenessUpdate(a, [a.clientID]), 'net');
    mine.setLocalState({ user: { id: 'me', name: 'Me', color: '#1971c2' }, cursor: null });
    expect(spectatorsFrom(mine)).toBe(3);
    expect([...peopleIn(mine).values()].map((u) => u.name).sort()).toEqual(['Calm Otter', 'Me']);
  });
});
