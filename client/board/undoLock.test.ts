import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createShape, ensureText, resizeShape } from './create.ts';
import { setLocked } from './lock.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { readShape } from './read.ts';
import { restyleShapes } from './style.ts';
import { shapesMap } from './strokes.ts';
import { linkedDocs } from './testDocs.ts';
import { createUndo, type BoardUndo } from './undo.ts';
import { moveShapes } from './transform.ts';
import { keepFrames } from './frameKeeper.ts';
import { ShapeIndex } from './spatial.ts';

const rect = (doc: Y.Doc, x: number, y = 0) => createShape(doc, { type: 'rect', x, y, w: 50, h: 40, author: 'a', style: { color: '#1e1e1e', width: 2 } });
const step = (undo: BoardUndo, fn: () => void) => {
  undo.beginAction();
  fn();
  undo.endAction();
};
const get = (doc: Y.Doc, id: string) => readShape(id, shapesMap(doc).get(id)!)!;

describe('undo leaves shapes locked since alone', () => {
  it("Alice's undo of a move of two shapes moves back only the one Bob did not lock; redo is coherent", () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    const r = rect(a, 0);
    const s = rect(a, 100);
    step(ua, () => moveShapes(a, [r, s], 10, 20));
    step(ub, () => setLocked(b, [r], true));
    expect(ua.undo()).toBe(true);
    for (const d of [a, b]) {
      expect(get(d, r)).toMatchObject({ x: 10, y: 20 });
      expect(get(d, s)).toMatchObject({ x: 100, y: 0 });
    }
    expect(ua.redo()).toBe(true);
    expect(get(b, s)).toMatchObject({ x: 110, y: 20 });
    expect(get(b, r)).toMatchObject({ x: 10, y: 20 });
    // Bob unlocks: the dropped part stays dropped, the rest still undoes
    step(ub, () => setLocked(b, [r], false));
    expect(ua.undo()).toBe(true);
    expect(get(b, s)).toMatchObject({ x: 100, y: 0 });
    expect(get(b, r)).toMatchObject({ x: 10, y: 20 });
  });

  it('resize, restyle and typed text of a locked shape are not undone', () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    const r = rect(a, 0);
    const n = createShape(a, { type: 'sticky', x: 200, y: 0, w: 100, h: 100, author: 'a', style: { color: '#1e1e1e', width: 2 } });
    step(ua, () => resizeShape(a, r, { x: 0, y: 0, w: 80, h: 90 }));
    step(ua, () => restyleShapes(a, [r], { color: '#e03131' }));
    step(ua, () => a.transact(() => ensureText(a, n)!.insert(0, 'plan'), LOCAL_ORIGIN));
    step(ub, () => setLocked(b, [r, n], true));
    // every step touched only locked shapes: nothing to undo, nothing changes
    expect(ua.undo()).toBe(false);
    expect(get(b, r)).toMatchObject({ w: 80, h: 90, color: '#e03131' });
    expect(get(b, n)).toMatchObject({ text: 'plan' });
    expect(ua.canUndo()).toBe(false);
    expect(ua.canRedo()).toBe(false);
  });

  it('a step that only touched a locked shape is skipped: Ctrl+Z undoes the step before', () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    const r = rect(a, 0);
    const s = rect(a, 100);
    step(ua, () => moveShapes(a, [s], 0, 50));
    step(ua, () => moveShapes(a, [r], 0, 50));
    step(ub, () => setLocked(b, [r], true));
    expect(ua.undo()).toBe(true);
    expect(get(b, r)).toMatchObject({ y: 50 });
    expect(get(b, s)).toMatchObject({ y: 0 });
    expect(ua.redo()).toBe(true);
    expect(get(b, s)).toMatchObject({ y: 50 });
  });

  it('undo of its creation does not remove a shape locked since; the rest of the step goes', () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    let r = '';
    let s = '';
    step(ua, () => ((r = rect(a, 0)), (s = rect(a, 100))));
    step(ub, () => setLocked(b, [r], true));
    expect(ua.undo()).toBe(true);
    for (const d of [a, b]) {
      expect(shapesMap(d).has(r)).toBe(true);
      expect(shapesMap(d).has(s)).toBe(false);
    }
    // redo brings back only what the undo removed: no second copy of r
    expect(ua.redo()).toBe(true);
    expect(shapesMap(b).size).toBe(2);
    expect(get(b, r)).toMatchObject({ x: 0 });
  });

  it('a redo of a move undone before someone locked the shape leaves it alone', () => {
    const [a, b] = linkedDocs();
    const ua = createUndo(a);
    const ub = createUndo(b);
    const r = rect(a, 0);
    step(ua, () => moveShapes(a, [r], 30, 0));
    ua.undo();
    step(ub, () => setLocked(b, [r], true));
    expect(ua.redo()).toBe(false);
    expect(get(b, r)).toMatchObject({ x: 0 });
  });

  it('undoing one\'s own lock still unlocks; then the earlier move undoes too', () => {
    const doc = new Y.Doc();
    const u = createUndo(doc);
    const r = rect(doc, 0);
    step(u, () => moveShapes(doc, [r], 5, 5));
    step(u, () => setLocked(doc, [r], true));
    expect(u.undo()).toBe(true);
    expect(get(doc, r)).toMatchObject({ x: 5 });
    expect(shapesMap(doc).get(r)!.has('lk')).toBe(false);
    expect(u.undo()).toBe(true);
    expect(get(doc, r)).toMatchObject({ x: 0 });
    // and redo locks again after the move
    u.redo();
    u.redo();
    expect(get(doc, r)).toMatchObject({ x: 5 });
    expect(shapesMap(doc).get(r)!.get('lk')).toBe(1);
  });

  it('works through the frame keeper the editor uses, with nothing locked costing nothing', () => {
    const [a, b] = linkedDocs();
    const ua = keepFrames(a, createUndo(a), new ShapeIndex(a));
    const r = rect(a, 0);
    const s = rect(a, 100);
    step(ua, () => moveShapes(a, [r, s], 10, 0));
    expect(ua.undo()).toBe(true);
    expect(get(b, r)).toMatchObject({ x: 0 });
    ua.redo();
    setLocked(b, [s], true);
    expect(ua.undo()).toBe(true);
    expect(get(b, r)).toMatchObject({ x: 0 });
    expect(get(b, s)).toMatchObject({ x: 110 });
  });
});
