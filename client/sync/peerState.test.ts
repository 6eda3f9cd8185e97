import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { NAME_MAX } from '../board/sanitize.ts';
import { MAX_SCALE } from '../render/camera.ts';
import { FALLBACK_PEER_COLOR, FALLBACK_PEER_NAME, MAX_LASER_POINTS, MAX_SELECTION, peerAway, peerCursor, peerLaser, peerRelay, peerSelection, peerUser, peerViewport, RELAY_BYTES, relaySpectators } from './peerState.ts';
import { relayInfo } from './relayInfo.ts';
import { peopleIn } from './presence.ts';

describe('awareness states from peers (peerState.ts)', () => {
  it('cleans names and colours of a hostile state that came over the wire', () => {
    const mine = new Awareness(new Y.Doc());
    const peer = new Awareness(new Y.Doc());
    peer.setLocalState({
      user: { id: { evil: true }, name: `  <img src=x onerror=alert(1)>\u202e\u0000${'x'.repeat(500)}`, color: 'red;background:url(https://evil.example/)' },
      cursor: { x: 1e300, y: 'NaN' },
    });
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(peer, [peer.clientID]), 'net');
    const u = peopleIn(mine).get(peer.clientID)!;
    expect(u.color).toBe(FALLBACK_PEER_COLOR);
    expect(u.id).toBe('');
    expect(Array.from(u.name)).toHaveLength(NAME_MAX);
    expect(u.name.startsWith('<img src=x onerror=alert(1)>x')).toBe(true); // shown as text, never parsed
    expect(u.name).not.toMatch(/[\u0000-\u001f\u202e]/);
    expect(peerCursor(mine.getStates().get(peer.clientID))).toBeNull();
  });

  it('reads nothing from states that are not objects, and a fallback name when it cleans to nothing', () => {
    for (const s of [null, 42, 'x', [], { user: 'x' }, { user: { name: 5 } }]) expect(peerUser(s)).toBeNull();
    expect(peerUser({ user: { name: '\u0000 ', color: '#abc' } })).toEqual({ id: '', name: FALLBACK_PEER_NAME, color: '#abc' });
  });

  it('keeps numbers finite and in range, arrays bounded', () => {
    expect(peerCursor({ cursor: { x: 1e300, y: -5 } })).toEqual({ x: 1e6, y: -5 });
    expect(peerCursor({ cursor: { x: Infinity, y: 0 } })).toBeNull();
    expect(peerViewport({ viewport: { x: 0, y: 0, scale: 1e9 } })).toEqual({ x: 0, y: 0, scale: MAX_SCALE });
    expect(peerViewport({ viewport: { x: 0, y: 0, scale: 'big' } })).toBeNull();
    const sel = peerSelection({ selection: [1, 'a', null, 'x'.repeat(1000), ...Array.from({ length: 2000 }, (_, i) => `s${i}`)] })!;
    expect(sel.slice(0, 2)).toEqual(['a', 's0']);
    expect(sel).toHaveLength(MAX_SELECTION);
    expect(peerSelection({ selection: 'a' })).toBeNull();
    const laser = peerLaser({ laser: [...Array.from({ length: 1000 }, (_, i) => i), NaN, 1, 'x', 2, 5, 6] });
    expect(laser.length).toBeLessThanOrEqual(MAX_LASER_POINTS * 2);
    expect(laser.every(Number.isFinite)).toBe(true);
    expect(laser.slice(-2)).toEqual([5, 6]);
    expect(peerAway({ away: 'yes' })).toBe(false);
    expect(relaySpectators({ relay: { spectators: Infinity } })).toBe(0);
    expect(relaySpectators({ relay: { spectators: 1e12 } })).toBe(1e6);
    expect(relaySpectators({ relay: { spectators: 2.7 } })).toBe(2);
  });

  it('reads the relay’s saving flag and limits only when they have the right type and range', () => {
    expect(peerRelay({ relay: { spectators: 1, saving: false, maxDocBytes: 64 * 1024 * 1024, maxFrameBytes: 32 * 1024 * 1024 } })).toEqual({
      saving: false,
      maxDocBytes: 64 * 1024 * 1024,
      maxFrameBytes: 32 * 1024 * 1024,
      maxFileBytes: null,
    });
    expect(peerRelay({ relay: { spectators: 0 } })).toEqual({ saving: null, maxDocBytes: null, maxFrameBytes: null, maxFileBytes: null });
    for (const bad of ['false', 0, null, {}]) expect(peerRelay({ relay: { saving: bad } })!.saving).toBeNull();
    for (const bad of [-1, 0, 1.5, RELAY_BYTES.min - 1, RELAY_BYTES.max + 1, Infinity, NaN, '65536', 2 ** 60]) {
      expect(peerRelay({ relay: { maxDocBytes: bad, maxFrameBytes: bad } }), String(bad)).toEqual({ saving: null, maxDocBytes: null, maxFrameBytes: null, maxFileBytes: null });
    }
    for (const s of [null, 1, 'relay', { relay: 'x' }, { relay: null }, {}]) expect(peerRelay(s)).toBeNull();
  });

  it('takes the relay’s state only from entries without a person, so an editor cannot pose as the relay', () => {
    const mine = new Awareness(new Y.Doc());
    const add = (state: Record<string, unknown>) => {
      const peer = new Awareness(new Y.Doc());
      peer.setLocalState(state);
      applyAwarenessUpdate(mine, encodeAwarenessUpdate(peer, [peer.clientID]), 'net');
    };
    expect(relayInfo(mine)).toEqual({ saving: null, maxDocBytes: null, maxFrameBytes: null, maxFileBytes: null });
    add({ relay: { spectators: 0, saving: true, maxDocBytes: 2 * 1024 * 1024, maxFrameBytes: 1024 * 1024 } });
    // a person's state with a forged relay object is ignored
    add({ user: { id: 'x', name: 'Mallory', color: '#000' }, relay: { saving: false, maxDocBytes: 1024 } });
    expect(relayInfo(mine)).toEqual({ saving: true, maxDocBytes: 2 * 1024 * 1024, maxFrameBytes: 1024 * 1024, maxFileBytes: null });
    // a second state without a person: any "not saving" counts, the larger limits count
    add({ relay: { saving: false, maxDocBytes: 1024, maxFrameBytes: 4 * 1024 * 1024 } });
    expect(relayInfo(mine)).toEqual({ saving: false, maxDocBytes: 2 * 1024 * 1024, maxFrameBytes: 4 * 1024 * 1024, maxFileBytes: null });
    // our own state is never the relay's
    mine.setLocalState({ relay: { saving: true, maxDocBytes: 2 ** 40 } });
    expect(relayInfo(mine).maxDocBytes).toBe(2 * 1024 * 1024);
  });
});
