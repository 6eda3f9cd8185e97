import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import type { SegmentData } from '../shapes/common/segment.ts';
import { toBoard } from '../shapes/common/local.ts';
import { createShape } from './create.ts';
import { setLocked } from './lock.ts';
import { readOrigin, readShape } from './read.ts';
import { frameEditor } from './frameEditor.testkit.ts';
import { shapesMap } from './strokes.ts';
import { linkedDocs } from './testDocs.ts';
import { setLineEnds, transformShapes, type ShapeTransform } from './transform.ts';

const style = { color: '#e03131', width: 2 };
const editor = frameEditor;

/** Where the Konva Transformer's rotate handle puts a w × h box at (x, y) turned to `deg` about its centre. */
function turnedAboutCentre(id: string, x: number, y: number, w: number, h: number, deg: number): ShapeTransform {
  const c = { x: x + w / 2, y: y + h / 2 };
  const o = toBoard({ x: 0, y: 0, rotation: deg }, -w / 2, -h / 2);
  return { id, x: c.x + o.x, y: c.y + o.y, rotation: deg, scaleX: 1, scaleY: 1 };
}

/** A shape's stored placement, rounded to the 1/100 px geometry is stored to. */
const pose = (doc: Y.Doc, id: string) => {
  const m = shapesMap(doc).get(id)!;
  const o = readOrigin(m);
  return { x: Math.round(o.x * 100) / 100, y: Math.round(o.y * 100) / 100, rotation: (m.get(F.rotation) as number | undefined) ?? 0 };
};

describe('turning a frame', () => {
  it('turns its members about its centre with it, for everyone; locked members and other shapes stay; one undo step', () => {
    const [a, b] = linkedDocs();
    const e = editor(a);
    // frame centre (200, 100)
    const f = e.frame(0, 0, 400, 200);
    const m = e.rect(300, 50);
    const locked = e.rect(20, 20);
    const other = e.rect(600, 0);
    setLocked(a, [locked], true);
    e.act(() => transformShapes(a, [turnedAboutCentre(f, 0, 0, 400, 200, 90)]));
    // (300, 50) is (100, -50) from the centre; turned 90° it is (50, 100) from it
    expect(pose(b, f)).toEqual({ x: 300, y: -100, rotation: 90 });
    expect(pose(b, m)).toEqual({ x: 250, y: 200, rotation: 90 });
    expect(pose(b, locked)).toEqual({ x: 20, y: 20, rotation: 0 });
    expect(pose(b, other)).toEqual({ x: 600, y: 0, rotation: 0 });
    // still a member: its centre turned with the frame
    expect(e.frameOf(m)).toBe(f);
    e.undo.undo();
    expect(pose(b, f)).toEqual({ x: 0, y: 0, rotation: 0 });
    expect(pose(b, m)).toEqual({ x: 300, y: 50, rotation: 0 });
    e.undo.redo();
    expect(pose(b, m)).toEqual({ x: 250, y: 200, rotation: 90 });
  });

  it('a live gesture (a write per frame, from the start) ends where one turn does; a selected member is turned once', () => {
    const e = editor();
    const f = e.frame(0, 0, 400, 200);
    const m = e.rect(300, 50, 60, 20);
    const sel = e.rect(40, 40);
    const base = readShape(f, shapesMap(e.doc).get(f)!)!;
    e.undo.beginAction();
    for (const deg of [10, 35, 70, 110, 135]) {
      // the selected member is placed by the gesture itself: here, held where it was
      transformShapes(e.doc, [{ ...turnedAboutCentre(f, 0, 0, 400, 200, deg), base }, { id: sel, x: 40, y: 40, rotation: 0, scaleX: 1, scaleY: 1 }]);
    }
    e.undo.endAction();
    const one = editor();
    const f1 = one.frame(0, 0, 400, 200);
    const m1 = one.rect(300, 50, 60, 20);
    one.act(() => transformShapes(one.doc, [turnedAboutCentre(f1, 0, 0, 400, 200, 135)]));
    const got = pose(e.doc, m);
    const want = pose(one.doc, m1);
    expect(Math.abs(got.x - want.x)).toBeLessThan(0.05);
    expect(Math.abs(got.y - want.y)).toBeLessThan(0.05);
    expect(got.rotation).toBe(135);
    expect(pose(e.doc, sel)).toEqual({ x: 40, y: 40, rotation: 0 });
    // the whole gesture is one step
    e.undo.undo();
    expect(pose(e.doc, m)).toEqual({ x: 300, y: 50, rotation: 0 });
  });

  it('a resized frame keeps its members where they are (not scaled) and settles who belongs', () => {
    const e = editor();
    const f = e.frame(0, 0, 400, 200);
    const kept = e.rect(20, 20);
    const left = e.rect(300, 50);
    e.act(() => transformShapes(e.doc, [{ id: f, x: 0, y: 0, rotation: 0, scaleX: 0.5, scaleY: 1 }]));
    expect(pose(e.doc, kept)).toEqual({ x: 20, y: 20, rotation: 0 });
    expect(pose(e.doc, left)).toEqual({ x: 300, y: 50, rotation: 0 });
    expect(shapesMap(e.doc).get(kept)!.get(F.w)).toBe(50);
    expect(e.frameOf(kept)).toBe(f);
    expect(e.frameOf(left)).toBeNull();
  });

  it('takes in nothing it sweeps over, as a move', () => {
    const e = editor();
    const f = e.frame(0, 0, 400, 100);
    // outside the flat frame, inside it turned upright (x 150..250, y -150..250)
    const swept = e.rect(170, 160);
    e.act(() => transformShapes(e.doc, [turnedAboutCentre(f, 0, 0, 400, 100, 90)]));
    expect(e.frameOf(swept)).toBeNull();
    expect(pose(e.doc, swept)).toEqual({ x: 170, y: 160, rotation: 0 });
  });

  it('an arrow bound to a member follows it round', () => {
    const e = editor();
    const f = e.frame(0, 0, 400, 200);
    const m = e.rect(300, 50);
    const ar = e.act(() => createShape(e.doc, { type: 'arrow', x: 700, y: 75, w: -100, h: 0, author: 'a', style }));
    setLineEnds(e.doc, ar, 700, 75, 600, 75, { end: 1, to: { to: m, ax: 0.5, ay: 0.5 } });
    const end = () => {
      const s = readShape(ar, shapesMap(e.doc).get(ar)!) as SegmentData;
      return { x: s.x + s.w, y: s.y + s.h };
    };
    // the end stops at the member's right edge (x 350), 4 px short
    expect(Math.round(end().x)).toBe(354);
    e.act(() => transformShapes(e.doc, [turnedAboutCentre(f, 0, 0, 400, 200, 90)]));
    // the member now covers x 210..250, y 200..250: the end aims at its centre (230, 225)
    const p = end();
    expect(p.x).toBeGreaterThan(250);
    expect(p.y).toBeGreaterThan(200);
    expect(p.y).toBeLessThan(225);
  });
});
