import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from './create.ts';
import { isLocked, lockedIds, setLocked, unlockAll, unlockedIds } from './lock.ts';
import { shapesMap } from './strokes.ts';
import { linkedDocs } from './testDocs.ts';
import { createUndo } from './undo.ts';

const rect = (doc: Y.Doc, x: number, author = 'a') => createShape(doc, { type: 'rect', x, y: 0, w: 50, h: 40, author, style: { color: '#e03131', width: 2 } });

describe('locking shapes', () => {
  it('is a field of the shape (lk: 1), absent when unlocked, and every peer sees it', () => {
    const [a, b] = linkedDocs();
    const r = rect(a, 0);
    const s = rect(a, 100);
    expect(setLocked(a, [r], true)).toEqual([r]);
    expect(shapesMap(a).get(r)!.get(F.locked)).toBe(1);
    expect(isLocked(b, r)).toBe(true);
    expect(isLocked(b, s)).toBe(false);
    expect(lockedIds(b)).toEqual([r]);
    expect(unlockedIds(b, [r, s, 'missing'])).toEqual([s, 'missing']);
    expect(setLocked(b, [r], false)).toEqual([r]);
    expect(shapesMap(a).get(r)!.has(F.locked)).toBe(false);
    expect(isLocked(a, r)).toBe(false);
  });

  it('writes only what changes, and ignores ids with no shape', () => {
    const doc = new Y.Doc();
    const r = rect(doc, 0);
    setLocked(doc, [r], true);
    let updates = 0;
    doc.on('update', () => updates++);
    expect(setLocked(doc, [r, 'nope'], true)).toEqual([]);
    expect(updates).toBe(0);
  });

  it('a peer writing something other than 1 does not lock', () => {
    const doc = new Y.Doc();
    const r = rect(doc, 0);
    shapesMap(doc).get(r)!.set(F.locked, 'yes');
    expect(isLocked(doc, r)).toBe(false);
  });

  it('lock and unlock are undo steps of whoever did them, not of the other person', () => {
    const [a, b] = linkedDocs();
    const undoA = createUndo(a);
    const undoB = createUndo(b);
    const r = rect(a, 0);
    const s = rect(a, 100);
    undoA.beginAction();
    setLocked(a, [r, s], true);
    undoA.endAction();
    expect(undoB.canUndo()).toBe(false);
    // Alice's undo takes back the lock only: both shapes stay
    undoA.undo();
    expect(lockedIds(b)).toEqual([]);
    expect(shapesMap(b).size).toBe(2);
    undoA.redo();
    expect(lockedIds(b).sort()).toEqual([r, s].sort());
    undoB.beginAction();
    expect(unlockAll(b).sort()).toEqual([r, s].sort());
    undoB.endAction();
    expect(lockedIds(a)).toEqual([]);
    undoB.undo();
    expect(lockedIds(a).sort()).toEqual([r, s].sort());
    expect(shapesMap(a).size).toBe(2);
  });
});
