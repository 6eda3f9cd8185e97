import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { readFrame, type FrameShape } from '../shapes/frame/index.ts';
import { peerPresent } from '../sync/peerState.ts';
import { frameCamera, presenterOf, stepFrame } from './frameCamera.ts';

const frame = (id: string, x: number, y: number, w: number, h: number): FrameShape => {
  const m = new Y.Doc().getMap<unknown>('m');
  Object.entries({ type: 'frame', x, y, w, h, z: id }).forEach(([k, v]) => m.set(k, v));
  return readFrame(id, m);
};

describe('presenting frames', () => {
  it('fits the frame to the screen, centred, past 200 % when it is small', () => {
    const c = frameCamera(frame('a', 100, 50, 160, 90), { width: 672, height: 918 }, 16);
    expect(c.scale).toBe(4);
    expect(c.x + 180 * c.scale).toBeCloseTo(336);
    expect(c.y + 95 * c.scale).toBeCloseTo(459);
    // a wide frame on a tall screen: the width decides
    expect(frameCamera(frame('b', 0, 0, 1000, 100), { width: 532, height: 2000 }, 16).scale).toBe(0.5);
  });

  it('steps through the frames in order and stops at the ends; a frame gone starts again at the first', () => {
    const fs = ['a', 'b', 'c'].map((id, i) => frame(id, i * 500, 0, 100, 100));
    expect(stepFrame(fs, 'a', 1)?.id).toBe('b');
    expect(stepFrame(fs, 'c', 1)?.id).toBe('c');
    expect(stepFrame(fs, 'a', -1)?.id).toBe('a');
    expect(stepFrame(fs, 'gone', 1)?.id).toBe('a');
    expect(stepFrame([], 'a', 1)).toBeNull();
  });

  it("reads a peer's presented frame only as a sane id, and follows the lowest presenter with a frame this board has", () => {
    for (const s of [null, 7, { present: 'a' }, { present: { frame: 5 } }, { present: { frame: 'x'.repeat(65) } }, { present: null }]) expect(peerPresent(s)).toBeNull();
    const peer = new Awareness(new Y.Doc());
    peer.setLocalState({ user: { name: 'P' }, present: { frame: 'f1', extra: '<script>' } });
    const mine = new Awareness(new Y.Doc());
    applyAwarenessUpdate(mine, encodeAwarenessUpdate(peer, [peer.clientID]), 'net');
    expect(peerPresent(mine.getStates().get(peer.clientID))).toBe('f1');
    const states = new Map<number, unknown>([
      [9, { present: { frame: 'f1' } }],
      [3, { present: { frame: 'unknown' } }],
      [5, { present: { frame: 'f2' } }],
      [1, { present: { frame: 'f1' } }],
    ]);
    const has = (id: string) => id === 'f1' || id === 'f2';
    expect(presenterOf(states, 1, has)).toEqual({ client: 5, frame: 'f2' });
    expect(presenterOf(states, 0, has)).toEqual({ client: 1, frame: 'f1' });
    expect(presenterOf(new Map(), 0, has)).toBeNull();
  });
});
