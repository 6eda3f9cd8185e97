import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape, ensureText, resizeShape } from './create.ts';
import { hitTest, lineEnds } from './geometry.ts';
import { reorder } from './order.ts';
import { readAllShapes, readShape } from './read.ts';
import { ShapeIndex } from './spatial.ts';
import { appendPoints, beginStroke, deleteShapes, endStroke, shapesMap } from './strokes.ts';
import { restyleShapes } from './style.ts';
import { linkedDocs, offlineDocs } from './testDocs.ts';
import { moveShapes, setLineEnds, transformShapes } from './transform.ts';
import { createUndo } from './undo.ts';
import { LOCAL_ORIGIN } from './origin.ts';

const style = { color: '#1e1e1e', width: 2 };
const rect = (doc: Y.Doc, x = 0, y = 0, author = 'a') => createShape(doc, { type: 'rect', x, y, w: 100, h: 50, author, style });
const order = (doc: Y.Doc) => readAllShapes(doc).map((s) => s.id);

describe('shapes', () => {
  it('creates every type with defaults omitted from the doc', () => {
    const doc = new Y.Doc();
    for (const type of ['rect', 'ellipse', 'line', 'arrow', 'text', 'sticky'] as const) {
      createShape(doc, { type, x: 10, y: 20, w: 30, h: 40, author: 'a', style, text: type === 'text' ? 'hi' : undefined });
    }
    const all = readAllShapes(doc);
    expect(all.map((s) => s.type)).toEqual(['rect', 'ellipse', 'line', 'arrow', 'text', 'sticky']);
    const r = shapesMap(doc).get(all[0].id)!;
    expect(r.has(F.opacity)).toBe(false);
    expect(r.has(F.fill)).toBe(false);
    expect(all[4]).toMatchObject({ type: 'text', text: 'hi', fontSize: 20 });
    expect(all[5]).toMatchObject({ type: 'sticky', bg: '#ffec99' });
  });

  it('a shape dragged out grows on a peer while it is drawn', () => {
    const [a, b] = linkedDocs();
    const id = createShape(a, { type: 'ellipse', x: 0, y: 0, w: 1, h: 1, author: 'a', style, done: false });
    resizeShape(a, id, { x: 0, y: 0, w: 80, h: 60 });
    expect(readShape(id, shapesMap(b).get(id)!)).toMatchObject({ w: 80, h: 60 });
  });

  it('move and transform: boxes change size, strokes change scale, text scales its font', () => {
    const doc = new Y.Doc();
    const r = rect(doc);
    const t = createShape(doc, { type: 'text', x: 0, y: 0, w: 50, h: 24, author: 'a', style: { ...style, fontSize: 20 } });
    const s = beginStroke(doc, { x: 0, y: 0, author: 'a', color: '#000', width: 4 });
    appendPoints(doc, s, [0, 0, 0.5, 10, 10, 0.5]);
    endStroke(doc, s);
    moveShapes(doc, [r, s.id], 5, -5);
    transformShapes(doc, [
      { id: r, x: 5, y: -5, rotation: 390, scaleX: 2, scaleY: 0.5 },
      { id: s.id, x: 5, y: -5, rotation: 0, scaleX: 3, scaleY: 3 },
      { id: t, x: 0, y: 0, rotation: 0, scaleX: 2, scaleY: 2 },
    ]);
    const byId = new Map(readAllShapes(doc).map((x) => [x.id, x]));
    expect(byId.get(r)).toMatchObject({ x: 5, y: -5, w: 200, h: 25, rotation: 30 });
    expect(byId.get(s.id)).toMatchObject({ x: 5, y: -5, sx: 3, sy: 3 });
    expect(byId.get(t)).toMatchObject({ fontSize: 40 });
    // hit tests follow rotation and scale
    const rr = byId.get(r)!;
    const c = Math.cos(Math.PI / 6);
    const n = Math.sin(Math.PI / 6);
    expect(hitTest(rr, 5 + 190 * c, -5 + 190 * n, 0)).toBe(true);
    expect(hitTest(rr, 5 + 190, -5, 0)).toBe(false);
    expect(hitTest(byId.get(s.id)!, 5 + 30, -5 + 30, 1)).toBe(true);
  });

  it('a live gesture scales from the start state every frame, not from its last write', () => {
    const doc = new Y.Doc();
    const r = rect(doc);
    const base = readShape(r, shapesMap(doc).get(r)!)!;
    for (const k of [1.2, 1.5, 2]) transformShapes(doc, [{ id: r, x: 0, y: 0, rotation: 0, scaleX: k, scaleY: k, base }]);
    expect(readShape(r, shapesMap(doc).get(r)!)).toMatchObject({ w: 200, h: 100 });
  });

  it('an arrow’s ends move to given points (rotation dropped, head stays at the end), one undo step, on the peer', () => {
    const [a, b] = linkedDocs();
    const undo = createUndo(a);
    undo.beginAction();
    const id = createShape(a, { type: 'arrow', x: 100, y: 100, w: 50, h: 0, rotation: 90, author: 'a', style });
    undo.endAction();
    const read = (doc: Y.Doc) => readShape(id, shapesMap(doc).get(id)!) as Parameters<typeof lineEnds>[0];
    expect(lineEnds(read(b))[1].y).toBeCloseTo(150); // rotated: the head points down
    // a handle drag writes once per frame: the start over the end and beyond
    undo.beginAction();
    setLineEnds(a, id, 200, 150, 100, 100);
    setLineEnds(a, id, 300, 200, 100, 100);
    undo.endAction();
    expect(read(b)).toMatchObject({ x: 300, y: 200, w: -200, h: -100, rotation: 0 });
    expect(lineEnds(read(b))[1]).toEqual({ x: 100, y: 100 });
    expect(shapesMap(a).get(id)!.has(F.rotation)).toBe(false);
    undo.undo();
    expect(read(b)).toMatchObject({ x: 100, y: 100, w: 50, h: 0, rotation: 90 });
    setLineEnds(a, rect(a), 0, 0, 1, 1); // not a line: untouched
  });

  it('restyle writes only fields that fit the type and removes defaults', () => {
    const doc = new Y.Doc();
    const r = rect(doc);
    const s = beginStroke(doc, { x: 0, y: 0, author: 'a', color: '#000', width: 4 });
    restyleShapes(doc, [r, s.id], { fill: 'semi', opacity: 0.5, dash: true, color: '#e03131' });
    expect(readShape(r, shapesMap(doc).get(r)!)).toMatchObject({ fill: 'semi', opacity: 0.5, dash: true, color: '#e03131' });
    expect(shapesMap(doc).get(s.id)!.has(F.fill)).toBe(false);
    restyleShapes(doc, [r], { opacity: 1, fill: 'none' });
    expect(shapesMap(doc).get(r)!.has(F.opacity)).toBe(false);
    expect(shapesMap(doc).get(r)!.has(F.fill)).toBe(false);
  });

  it('the spatial index picks the topmost shape exactly and follows changes', () => {
    const doc = new Y.Doc();
    const index = new ShapeIndex(doc);
    const a = rect(doc, 0, 0);
    const b = createShape(doc, { type: 'ellipse', x: 50, y: 0, w: 100, h: 100, author: 'a', style });
    expect(index.hit(60, 10)?.id).toBe(a); // outside the ellipse's curve, inside its bounds
    expect(index.hit(100, 40)?.id).toBe(b);
    moveShapes(doc, [b], 1000, 0);
    expect(index.hit(100, 40)?.id).toBe(a);
    expect(index.inside({ minX: -10, minY: -10, maxX: 120, maxY: 60 }).map((s) => s.id)).toEqual([a]);
    deleteShapes(doc, [a]);
    expect(index.hit(10, 10)).toBeNull();
  });
});

describe('z order', () => {
  it('forward, backward, front and back', () => {
    const doc = new Y.Doc();
    const [a, b, c, d] = [0, 1, 2, 3].map((i) => rect(doc, i));
    reorder(doc, [a], 'forward');
    expect(order(doc)).toEqual([b, a, c, d]);
    reorder(doc, [a, b], 'front');
    expect(order(doc)).toEqual([c, d, b, a]);
    reorder(doc, [a], 'back');
    expect(order(doc)).toEqual([a, c, d, b]);
    reorder(doc, [b], 'backward');
    expect(order(doc)).toEqual([a, c, b, d]);
    reorder(doc, [a, c], 'forward'); // a block moves past its next neighbour
    expect(order(doc)).toEqual([b, a, c, d]);
    reorder(doc, [d], 'forward'); // already on top: no change, no update
    expect(order(doc)).toEqual([b, a, c, d]);
  });

  it('concurrent reorders merge: every shape once, same order on both peers', () => {
    const { a, b, sync } = offlineDocs();
    const ids = [0, 1, 2, 3, 4].map((i) => rect(a, i));
    sync();
    reorder(a, [ids[0]], 'front');
    reorder(a, [ids[3]], 'backward');
    reorder(b, [ids[0]], 'back');
    reorder(b, [ids[4]], 'back');
    reorder(b, [ids[2]], 'forward');
    // and a concurrent insert
    const extra = rect(b, 9);
    sync();
    const oa = order(a);
    expect(oa).toEqual(order(b));
    expect(oa.length).toBe(6);
    expect(new Set(oa)).toEqual(new Set([...ids, extra]));
  });

  it('ties from concurrent inserts are broken by id on every peer', () => {
    const { a, b, sync } = offlineDocs();
    const x = rect(a);
    const y = rect(b);
    sync();
    expect(shapesMap(a).get(x)!.get(F.z)).toBe(shapesMap(b).get(y)!.get(F.z));
    expect(order(a)).toEqual(order(b));
    reorder(a, [order(a)[0]], 'forward');
    sync();
    expect(order(a)).toEqual(order(b));
  });

  it('highlighter strokes stay under ink', () => {
    const doc = new Y.Doc();
    const r = rect(doc);
    const h = beginStroke(doc, { x: 0, y: 0, author: 'a', color: '#ffd43b', width: 8, highlighter: true }).id;
    expect(order(doc)).toEqual([h, r]);
  });
});

describe('per-user undo across two synced docs', () => {
  it('covers create, move, resize, restyle, reorder, text and delete, never the other person', () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    const step = (undo: typeof ua, fn: () => void) => {
      undo.beginAction();
      fn();
      undo.endAction();
    };
    let mine = '';
    step(ua, () => (mine = rect(a, 0, 0, 'alice')));
    const theirs = rect(b, 200, 0, 'bob');
    step(ua, () => moveShapes(a, [mine], 10, 10));
    step(ua, () => transformShapes(a, [{ id: mine, x: 10, y: 10, rotation: 45, scaleX: 2, scaleY: 2 }]));
    step(ua, () => restyleShapes(a, [mine], { color: '#e03131' }));
    step(ua, () => reorder(a, [mine], 'front'));
    step(ua, () => {
      const t = ensureText(a, mine)!;
      a.transact(() => t.insert(0, 'label'), LOCAL_ORIGIN);
    });
    // Bob edits his own shape and also moves Alice's meanwhile
    step(ub, () => moveShapes(b, [theirs], 0, 100));
    step(ub, () => restyleShapes(b, [mine], { opacity: 0.5 }));
    // Bob's undo takes back his own last step (opacity on Alice's shape), nothing of hers
    ub.undo();
    expect(readShape(mine, shapesMap(a).get(mine)!)).toMatchObject({ opacity: 1, color: '#e03131', text: 'label' });
    ub.redo();
    step(ua, () => deleteShapes(a, [theirs]));

    const get = (doc: Y.Doc, id: string) => readShape(id, shapesMap(doc).get(id)!)!;
    expect(shapesMap(b).has(theirs)).toBe(false);
    ua.undo(); // delete
    expect(get(b, theirs)).toMatchObject({ y: 100 }); // Bob's move survives
    ua.undo(); // text
    expect(get(b, mine)).toMatchObject({ text: '' });
    ua.undo(); // reorder
    expect(order(b)[0]).toBe(mine);
    ua.undo(); // restyle
    expect(get(b, mine)).toMatchObject({ color: '#1e1e1e', opacity: 0.5 }); // Bob's opacity stays
    ua.undo(); // transform
    expect(get(b, mine)).toMatchObject({ w: 100, h: 50, rotation: 0 });
    ua.undo(); // move
    expect(get(b, mine)).toMatchObject({ x: 0, y: 0 });
    ua.undo(); // create
    expect(shapesMap(b).has(mine)).toBe(false);
    expect(shapesMap(b).has(theirs)).toBe(true);
    expect(ua.undo()).toBe(false);
    // and Alice can redo everything
    while (ua.redo());
    expect(get(b, mine)).toMatchObject({ text: 'label', color: '#e03131', rotation: 45 });
    expect(shapesMap(a).has(theirs)).toBe(false);
  });
});
