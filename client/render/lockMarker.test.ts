import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createShape } from '../board/create.ts';
import { setLocked } from '../board/lock.ts';
import { ShapeIndex } from '../board/spatial.ts';
import { linkedDocs } from '../board/testDocs.ts';
import { Camera } from './camera.ts';
import { installLockMarker, lockedUnder } from './lockMarker.ts';
import type { Overlay, OverlayPainter } from './overlay.ts';

const rect = (doc: Y.Doc, x: number, y: number, w = 100, h = 100) => createShape(doc, { type: 'rect', x, y, w, h, author: 'a', style: { color: '#1e1e1e', width: 2, fill: 'solid' } });

function fakeOverlay() {
  const painters = new Set<OverlayPainter>();
  let invalidated = 0;
  const overlay = {
    addPainter: (p: OverlayPainter) => (painters.add(p), () => painters.delete(p)),
    invalidate: () => invalidated++,
  } as unknown as Overlay;
  const calls: string[] = [];
  const c = new Proxy({}, { get: (_t, k) => (typeof k === 'string' && !['lineWidth', 'strokeStyle', 'fillStyle'].includes(k) ? (...args: unknown[]) => calls.push(`${k}(${args.map((a) => (typeof a === 'number' ? Math.round(a) : a)).join(',')})`) : undefined), set: () => true }) as unknown as CanvasRenderingContext2D;
  const paint = () => {
    calls.length = 0;
    for (const p of painters) p(c, 1, 0);
    return calls.filter((s) => s.startsWith('rect(')).length;
  };
  return { overlay, paint, invalidations: () => invalidated };
}

describe('lock marker', () => {
  it('the locked shapes a click would have hit are those above the topmost unlocked one', () => {
    const doc = new Y.Doc();
    const index = new ShapeIndex(doc);
    const below = rect(doc, 0, 0);
    const mid = rect(doc, 20, 20);
    const top = rect(doc, 40, 40);
    expect(lockedUnder(doc, index, 50, 50, 0)).toEqual([]);
    setLocked(doc, [top], true);
    expect(lockedUnder(doc, index, 50, 50, 0)).toEqual([top]);
    setLocked(doc, [mid], true);
    expect(lockedUnder(doc, index, 50, 50, 0)).toEqual([top, mid]);
    // an unlocked shape on top: the click hits it, no padlock
    setLocked(doc, [top], false);
    expect(lockedUnder(doc, index, 50, 50, 0)).toEqual([]);
    expect(lockedUnder(doc, index, 10, 10, 0)).toEqual([]);
    void below;
  });

  it('paints a padlock while the pointer is over a locked shape, and on every locked shape during the Unlock all preview', () => {
    const [a, b] = linkedDocs();
    const index = new ShapeIndex(a);
    const r = rect(a, 0, 0);
    const s = rect(a, 300, 0);
    const { overlay, paint } = fakeOverlay();
    const camera = new Camera();
    const marker = installLockMarker(a, index, camera, overlay);
    marker.pointer({ x: 50, y: 50 });
    expect(marker.shown()).toEqual([]);
    expect(paint()).toBe(0);
    // someone else locks the shape under the pointer: the padlock appears
    setLocked(b, [r, s], true);
    expect(marker.shown()).toEqual([r]);
    expect(paint()).toBe(1);
    marker.pointer(null);
    expect(marker.shown()).toEqual([]);
    marker.preview(true);
    expect(marker.shown().sort()).toEqual([r, s].sort());
    expect(paint()).toBe(2);
    marker.preview(false);
    expect(paint()).toBe(0);
    // unlocked under the pointer: gone
    marker.pointer({ x: 50, y: 50 });
    setLocked(b, [r], false);
    expect(marker.shown()).toEqual([]);
    // a pan under a still pointer: the shape now under it shows its padlock
    expect(marker.shown()).toEqual([]);
    camera.set({ x: -300, y: 0, scale: 1 });
    expect(marker.shown()).toEqual([s]);
    marker.destroy();
  });
});
