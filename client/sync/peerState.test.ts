import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { NAME_MAX } from '../board/sanitize.ts';
import { MAX_SCALE } from '../render/camera.ts';
import { FALLBACK_PEER_COLOR, FALLBACK_PEER_NAME, MAX_LASER_POINTS, MAX_SELECTION, peerAway, peerCursor, peerLaser, peerSelection, peerUser, peerViewport, relaySpectators } from './peerState.ts';
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
});
