import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from './create.ts';
import { FormatError, parseShapesDocument } from './format.ts';
import { expandToGroups, groupOf, groupShapes, ungroupShapes, wholeGroups } from './group.ts';
import { isLocked, setLocked } from './lock.ts';
import { readOrigin } from './read.ts';
import { copyShapes, exportBoard, insertShapes, shapesToJSON } from './serialize.ts';
import { shapesMap } from './strokes.ts';
import { linkedDocs } from './testDocs.ts';
import { moveShapes } from './transform.ts';
import { createUndo } from './undo.ts';

const rect = (doc: Y.Doc, x: number) => createShape(doc, { type: 'rect', x, y: 0, w: 50, h: 40, author: 'a', style: { color: '#e03131', width: 2 } });

describe('groups', () => {
  it('groups two or more shapes under one id every peer sees; one member expands to all', () => {
    const [a, b] = linkedDocs();
    const [r, s, t] = [rect(a, 0), rect(a, 100), rect(a, 200)];
    expect(groupShapes(a, [r])).toBeNull();
    const g = groupShapes(a, [r, s])!;
    expect(g).toMatch(/^[\w-]{10}$/);
    expect(groupOf(b, r)).toBe(g);
    expect(groupOf(b, s)).toBe(g);
    expect(groupOf(b, t)).toBeNull();
    expect(expandToGroups(b, [s])).toEqual([s, r]);
    expect(expandToGroups(b, [t])).toEqual([t]);
    expect(expandToGroups(b, [s], (id) => id !== r)).toEqual([s]);
  });

  it('moving the members moves the group for everyone', () => {
    const [a, b] = linkedDocs();
    const [r, s] = [rect(a, 0), rect(a, 100)];
    groupShapes(a, [r, s]);
    moveShapes(a, expandToGroups(a, [r]), 30, 10);
    expect([r, s].map((id) => readOrigin(shapesMap(b).get(id)!))).toEqual([
      { x: 30, y: 10 },
      { x: 130, y: 10 },
    ]);
  });

  it('a marquee takes a group only when it holds every member (locked ones aside)', () => {
    const doc = new Y.Doc();
    const [r, s, t, u] = [rect(doc, 0), rect(doc, 100), rect(doc, 200), rect(doc, 300)];
    groupShapes(doc, [r, s, t]);
    expect(wholeGroups(doc, [r, s, u])).toEqual([u]);
    expect(wholeGroups(doc, [r, s, t, u])).toEqual([r, s, t, u]);
    setLocked(doc, [t], true);
    const unlocked = (id: string) => !isLocked(doc, id);
    expect(wholeGroups(doc, [r, s, u], unlocked)).toEqual([r, s, u]);
  });

  it('grouping members of other groups merges them; ungrouping dissolves whole groups', () => {
    const doc = new Y.Doc();
    const [r, s, t, u] = [rect(doc, 0), rect(doc, 100), rect(doc, 200), rect(doc, 300)];
    const g1 = groupShapes(doc, [r, s])!;
    const g2 = groupShapes(doc, [s, t])!;
    expect([groupOf(doc, r), groupOf(doc, s), groupOf(doc, t)]).toEqual([g1, g2, g2]);
    expect(ungroupShapes(doc, [t]).sort()).toEqual([s, t].sort());
    expect([groupOf(doc, r), groupOf(doc, s), groupOf(doc, t), groupOf(doc, u)]).toEqual([g1, null, null, null]);
    expect(shapesMap(doc).get(s)!.has(F.group)).toBe(false);
    expect(ungroupShapes(doc, [u])).toEqual([]);
  });

  it('group and ungroup are one undo step each', () => {
    const doc = new Y.Doc();
    const undo = createUndo(doc);
    const [r, s] = [rect(doc, 0), rect(doc, 100)];
    undo.beginAction();
    const g = groupShapes(doc, [r, s]);
    undo.endAction();
    undo.beginAction();
    ungroupShapes(doc, [r]);
    undo.endAction();
    expect(groupOf(doc, r)).toBeNull();
    undo.undo();
    expect([groupOf(doc, r), groupOf(doc, s)]).toEqual([g, g]);
    undo.undo();
    expect([groupOf(doc, r), groupOf(doc, s)]).toEqual([null, null]);
    expect(shapesMap(doc).size).toBe(2);
  });

  it('ignores group ids a peer wrote that are not short strings', () => {
    const doc = new Y.Doc();
    const [r, s] = [rect(doc, 0), rect(doc, 100)];
    shapesMap(doc).get(r)!.set(F.group, 42);
    shapesMap(doc).get(s)!.set(F.group, 'x'.repeat(65));
    expect([groupOf(doc, r), groupOf(doc, s)]).toEqual([null, null]);
    expect(expandToGroups(doc, [r])).toEqual([r]);
  });
});

describe('groups and locks in JSON (board files, clipboard)', () => {
  it('a board file keeps groups and locks; an import gets fresh group ids, one per group', () => {
    const a = new Y.Doc();
    const [r, s, t, u] = [rect(a, 0), rect(a, 100), rect(a, 200), rect(a, 300)];
    const g1 = groupShapes(a, [r, s])!;
    groupShapes(a, [t, u]);
    setLocked(a, [s], true);
    const file = parseShapesDocument(exportBoard(a));
    expect(file.shapes.map((j) => [j.group === g1, j.locked ?? false])).toEqual([
      [true, false],
      [true, true],
      [false, false],
      [false, false],
    ]);
    const b = new Y.Doc();
    const ids = insertShapes(b, file.shapes, { author: 'b' });
    const groups = ids.map((id) => groupOf(b, id));
    expect(groups[0]).toBe(groups[1]);
    expect(groups[2]).toBe(groups[3]);
    expect(groups[0]).not.toBe(groups[2]);
    expect(groups).not.toContain(g1);
    expect(ids.map((id) => isLocked(b, id))).toEqual([false, true, false, false]);
  });

  it('a paste is a group of its own, also when split in batches', () => {
    const doc = new Y.Doc();
    const [r, s] = [rect(doc, 0), rect(doc, 100)];
    const g = groupShapes(doc, [r, s])!;
    const clip = parseShapesDocument(copyShapes(doc, [r, s]));
    const copies = insertShapes(doc, clip.shapes, { author: 'a', dx: 10 });
    const gc = groupOf(doc, copies[0])!;
    expect(gc).not.toBe(g);
    expect(groupOf(doc, copies[1])).toBe(gc);
    expect(expandToGroups(doc, [r]).sort()).toEqual([r, s].sort());
    const fresh = new Map<string, string>();
    const [x] = insertShapes(doc, clip.shapes.slice(0, 1), { author: 'a', groups: fresh });
    const [y] = insertShapes(doc, clip.shapes.slice(1), { author: 'a', groups: fresh });
    expect(groupOf(doc, x)).toBe(groupOf(doc, y));
    expect([g, gc]).not.toContain(groupOf(doc, x));
  });

  it('shapes without a group or lock have neither field in JSON', () => {
    const doc = new Y.Doc();
    rect(doc, 0);
    expect(shapesToJSON(doc)[0]).not.toHaveProperty('group');
    expect(shapesToJSON(doc)[0]).not.toHaveProperty('locked');
  });

  it('refuses a bad group or lock in a file', () => {
    const doc = (extra: object) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: [{ type: 'rect', x: 0, y: 0, w: 5, h: 5, color: '#000000', width: 2, ...extra }] });
    expect(() => parseShapesDocument(doc({ group: 5 }))).toThrow(FormatError);
    expect(() => parseShapesDocument(doc({ group: '' }))).toThrow(/shapes\[0\]\.group/);
    expect(() => parseShapesDocument(doc({ locked: 'yes' }))).toThrow(/shapes\[0\]\.locked/);
    expect(parseShapesDocument(doc({ group: 'abc', locked: true })).shapes[0]).toMatchObject({ group: 'abc', locked: true });
  });
});
