import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import type { SegmentData } from '../shapes/common/segment.ts';
import { bindingsOfMap } from './bindingField.ts';
import { settleEnds } from './bindings.ts';
import { createShape } from './create.ts';
import { parseShapesDocument } from './format.ts';
import { readShape } from './read.ts';
import { copyShapes, insertShapes } from './serialize.ts';
import { ShapeIndex } from './spatial.ts';
import { deleteShapes, shapesMap } from './strokes.ts';
import { offlineDocs } from './testDocs.ts';
import { moveShapes, setLineEnds, transformShapes } from './transform.ts';
import { createUndo } from './undo.ts';

const style = { color: '#1e1e1e', width: 2 };
const rect = (doc: Y.Doc, x: number, y: number, id?: string) => createShape(doc, { type: 'rect', x, y, w: 100, h: 100, author: 'a', style }, id);
const arrow = (doc: Y.Doc, id?: string, elbow = false) =>
  createShape(doc, { type: 'arrow', x: 0, y: 0, w: 10, h: 0, author: 'a', style: { ...style, elbow } }, id);
const centre = (to: string) => ({ to, ax: 0.5, ay: 0.5 });

/** Binds the arrow's start to `from` and its end to `to` (both at their centres), as dragging its ends onto them does. */
function bindBoth(doc: Y.Doc, id: string, from: string, to: string) {
  setLineEnds(doc, id, 0, 0, 10, 0, { end: 0, to: centre(from) });
  setLineEnds(doc, id, 0, 0, 10, 0, { end: 1, to: centre(to) });
}

const read = (doc: Y.Doc, id: string) => readShape(id, shapesMap(doc).get(id)!) as SegmentData;
/** The arrow's drawn ends, rounded to 1/100 px. */
const ends = (doc: Y.Doc, id: string) => {
  const s = read(doc, id);
  return [s.x, s.y, s.x + s.w, s.y + s.h].map((v) => Math.round(v * 100) / 100);
};

describe('arrows bound to shapes', () => {
  it('ends on the facing edges of its targets and follows them when they move', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    // centre to centre (50,50)->(350,50), stopping 4 px outside each outline
    expect(ends(doc, ar)).toEqual([104, 50, 296, 50]);
    moveShapes(doc, [b], 0, 200);
    const [x0, y0, x1, y1] = ends(doc, ar);
    // still aimed from centre (50,50) to centre (350,250), clipped to each box
    expect(Math.abs((y1 - y0) / (x1 - x0) - 200 / 300)).toBeLessThan(0.01);
    expect(x1).toBeLessThan(300);
    expect(y1).toBeGreaterThanOrEqual(196);
    // the arrow's own fields were not written by the move
    expect(shapesMap(doc).get(ar)!.get(F.x)).toBe(0);
  });

  it('follows a resize and a rotation of the target', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    transformShapes(doc, [{ id: b, x: 300, y: 0, rotation: 0, scaleX: 2, scaleY: 2 }]);
    // the anchor is the middle of the grown box (400, 100)
    const [x0, y0, x1, y1] = ends(doc, ar);
    expect(Math.abs((y1 - y0) / (x1 - x0) - 50 / 350)).toBeLessThan(0.01);
    transformShapes(doc, [{ id: b, x: 300, y: 0, rotation: 90, scaleX: 1, scaleY: 1 }]);
    // rotated 90° around its origin: the box now spans x 100..300... its middle is (300 - 100, 100)
    const s = read(doc, ar);
    expect(s.x + s.w).toBeLessThan(200);
  });

  it('two people moving the two bound shapes at once end with the same arrow', () => {
    const { a: d1, b: d2, sync } = offlineDocs();
    const a = rect(d1, 0, 0);
    const b = rect(d1, 300, 0);
    const ar = arrow(d1);
    bindBoth(d1, ar, a, b);
    sync();
    moveShapes(d1, [a], 0, 150);
    moveShapes(d2, [b], 200, -100);
    sync();
    expect(ends(d1, ar)).toEqual(ends(d2, ar));
    // and that arrow is the one between the shapes where both now are
    const fresh = new Y.Doc();
    rect(fresh, 0, 150, a);
    rect(fresh, 500, -100, b);
    arrow(fresh, ar);
    bindBoth(fresh, ar, a, b);
    expect(ends(d1, ar)).toEqual(ends(fresh, ar));
  });

  it('deleting the target leaves the arrow where it was, and undo binds it again', () => {
    const doc = new Y.Doc();
    const undo = createUndo(doc);
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    moveShapes(doc, [b], 0, 100);
    const before = ends(doc, ar);
    undo.beginAction();
    deleteShapes(doc, [b]);
    undo.endAction();
    expect(ends(doc, ar)).toEqual(before);
    expect(bindingsOfMap(shapesMap(doc).get(ar))[1]).toBeNull();
    expect(bindingsOfMap(shapesMap(doc).get(ar))[0]?.to).toBe(a);
    // the other end still follows its shape
    moveShapes(doc, [a], 0, 50);
    expect(ends(doc, ar).slice(2)).toEqual(before.slice(2));
    expect(ends(doc, ar)[1]).not.toBe(before[1]);
    undo.undo(); // the move of a
    undo.undo(); // the delete
    expect(shapesMap(doc).has(b)).toBe(true);
    expect(bindingsOfMap(shapesMap(doc).get(ar))[1]?.to).toBe(b);
    expect(ends(doc, ar)).toEqual(before);
  });

  it('a target deleted by a peer that does not settle the arrow leaves it at its stored ends', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    settleEnds(doc, ar);
    const before = ends(doc, ar);
    // a bare delete, as an older client would send
    doc.transact(() => shapesMap(doc).delete(b));
    expect(ends(doc, ar)).toEqual(before);
  });

  it('undo of a target move brings the end back; undo of the binding frees the end', () => {
    const doc = new Y.Doc();
    const undo = createUndo(doc);
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    undo.beginAction();
    bindBoth(doc, ar, a, b);
    undo.endAction();
    const bound = ends(doc, ar);
    undo.beginAction();
    moveShapes(doc, [b], 0, 300);
    undo.endAction();
    expect(ends(doc, ar)).not.toEqual(bound);
    undo.undo();
    expect(ends(doc, ar)).toEqual(bound);
    undo.undo();
    expect(bindingsOfMap(shapesMap(doc).get(ar))).toEqual([null, null]);
    expect(ends(doc, ar)).toEqual([0, 0, 10, 0]);
  });

  it('moving the arrow alone frees its ends where they are; moving it with its targets keeps them', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    moveShapes(doc, [a, b, ar], 10, 10);
    expect(ends(doc, ar)).toEqual([114, 60, 306, 60]);
    expect(bindingsOfMap(shapesMap(doc).get(ar)).map((x) => x?.to)).toEqual([a, b]);
    moveShapes(doc, [ar, a], 0, 20);
    expect(bindingsOfMap(shapesMap(doc).get(ar)).map((x) => x?.to ?? null)).toEqual([a, null]);
    expect(ends(doc, ar)).toEqual([114, 80, 306, 80]);
  });

  it('hostile bindings (missing, itself, an arrow, a loop, malformed) read as free ends', () => {
    const doc = new Y.Doc();
    const r = rect(doc, 0, 0);
    const a1 = arrow(doc);
    const a2 = arrow(doc);
    const m1 = shapesMap(doc).get(a1)!;
    const m2 = shapesMap(doc).get(a2)!;
    doc.transact(() => {
      m1.set(F.bindStart, [a2, 500, 500]);
      m1.set(F.bindEnd, [a1, 500, 500]);
      m2.set(F.bindStart, [a1, 500, 500]);
      m2.set(F.bindEnd, ['missing', 500, 500]);
    });
    expect(ends(doc, a1)).toEqual([0, 0, 10, 0]);
    expect(ends(doc, a2)).toEqual([0, 0, 10, 0]);
    for (const bad of [[r], [r, 'x', 2], [42, 1, 1], 'r', { to: r }, [r, NaN, 1e9], null]) {
      doc.transact(() => m1.set(F.bindStart, bad));
      const s = read(doc, a1);
      expect(Number.isFinite(s.x) && Number.isFinite(s.w)).toBe(true);
    }
    // out-of-range anchors are clamped into the box
    doc.transact(() => m1.set(F.bindStart, [r, -5e9, 1e12]));
    expect(read(doc, a1).bind[0]).toEqual({ to: r, ax: 0, ay: 1 });
    // the index reads them all, and a change of either arrow terminates
    const index = new ShapeIndex(doc);
    moveShapes(doc, [a1, a2, r], 5, 5);
    expect(index.size).toBe(3);
    index.destroy();
  });

  it('the spatial index re-reads an arrow when its target changes', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    const index = new ShapeIndex(doc);
    const seen: string[][] = [];
    index.onChange((ids) => seen.push([...ids].sort()));
    moveShapes(doc, [b], 0, 500);
    expect(seen).toEqual([[ar, b].sort()]);
    expect(index.bounds(ar)!.maxY).toBeGreaterThan(450);
    const s = read(doc, ar);
    expect(index.hit(s.x + s.w / 2, s.y + s.h / 2, 2)?.id).toBe(ar);
    index.destroy();
  });

  it('board files keep bindings between the shapes they hold, by index, with fresh ids', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    bindBoth(doc, ar, a, b);
    const file = parseShapesDocument(copyShapes(doc, [a, b, ar]));
    expect(file.shapes[2]).toMatchObject({ type: 'arrow', start: { shape: 0, x: 0.5, y: 0.5 }, end: { shape: 1, x: 0.5, y: 0.5 }, x: 104, w: 192 });
    const other = new Y.Doc();
    const [na, nb, nar] = insertShapes(other, file.shapes, { author: 'b', dx: 0, dy: 0 });
    expect(bindingsOfMap(shapesMap(other).get(nar)).map((x) => x?.to)).toEqual([na, nb]);
    moveShapes(other, [nb], 0, 100);
    expect(ends(other, nar)[3]).toBeGreaterThan(50);
    // the arrow alone is copied as drawn, unbound
    const alone = parseShapesDocument(copyShapes(doc, [ar])).shapes[0];
    expect(alone.start).toBeUndefined();
    expect(alone).toMatchObject({ x: 104, y: 50, w: 192, h: 0 });
    expect(() => parseShapesDocument(JSON.stringify({ kind: 'whiteboard/shapes', version: 1, shapes: [{ ...alone, start: { shape: 3, x: 0, y: 0 } }] }))).toThrow(/start/);
  });

  it('an elbow arrow runs in horizontal and vertical steps between its shapes', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 200);
    const ar = arrow(doc, undefined, true);
    bindBoth(doc, ar, a, b);
    const s = read(doc, ar);
    const r = s.route!;
    expect(r.length).toBeGreaterThanOrEqual(6);
    for (let i = 0; i + 3 < r.length; i += 2) expect(r[i] === r[i + 2] || r[i + 1] === r[i + 3]).toBe(true);
    // leaves a's right side at its middle, enters b's left side at its middle
    expect([s.x, s.y]).toEqual([104, 50]);
    expect([s.x + s.w, s.y + s.h]).toEqual([296, 250]);
    const svg = readShape(ar, shapesMap(doc).get(ar)!);
    expect(svg).not.toBeNull();
  });

  it('a binding costs a few bytes in the document', () => {
    const doc = new Y.Doc();
    const a = rect(doc, 0, 0);
    const b = rect(doc, 300, 0);
    const ar = arrow(doc);
    const free = Y.encodeStateAsUpdateV2(doc).length;
    doc.transact(() => shapesMap(doc).get(ar)!.set(F.bindStart, [a, 500, 500]));
    const one = Y.encodeStateAsUpdateV2(doc).length;
    doc.transact(() => shapesMap(doc).get(ar)!.set(F.bindEnd, [b, 500, 500]));
    const two = Y.encodeStateAsUpdateV2(doc).length;
    console.log(`binding bytes (v2): first ${one - free}, second ${two - one}`);
    expect(one - free).toBeLessThan(40);
  });
});
