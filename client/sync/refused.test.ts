import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createShape, ensureText } from '../board/create.ts';
import { parseShapesDocument, type ShapeJSON } from '../board/format.ts';
import { LOCAL_ORIGIN } from '../board/origin.ts';
import { insertShapes, shapesToJSON } from '../board/serialize.ts';
import { appendPoints, beginStroke, endStroke, shapesMap } from '../board/strokes.ts';
import { moveShapes } from '../board/transform.ts';
import { createUndo } from '../board/undo.ts';
import { captureRefused, removeRefused, type Ranges } from './refused.ts';

/** The ranges the relay names for a refused update (server/core/room.ts tellRefused). */
function rangesOf(update: Uint8Array): Ranges {
  const meta = Y.parseUpdateMeta(update);
  return [...meta.to].map(([client, to]) => ({ client, from: meta.from.get(client) ?? 0, to }));
}

/** Runs `fn` and returns the one update it produced (what y-websocket would send as one frame). */
function updateOf(doc: Y.Doc, fn: () => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const on = (u: Uint8Array) => updates.push(u);
  doc.on('update', on);
  fn();
  doc.off('update', on);
  expect(updates).toHaveLength(1);
  return updates[0];
}

/** A wavy stroke with pen pressure, flat [x, y, pressure, ...]. */
function strokePoints(n: number): number[] {
  const out: number[] = [];
  for (let k = 0; k < n; k++) out.push(k * 3, Math.round(Math.sin(k / 5) * 40), 0.4 + (k % 5) / 10);
  return out;
}

/** About `bytes` of shapes in one import: sticky notes with long text and long strokes. */
function bigImport(bytes: number): ShapeJSON[] {
  const out: ShapeJSON[] = [];
  for (let i = 0; out.length * 6_000 < bytes; i++) {
    if (i % 2) out.push({ type: 'sticky', x: i * 10, y: 0, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text: `note ${i} ${'lorem ipsum '.repeat(500)}` });
    else out.push({ type: 'stroke', x: i * 10, y: 50, color: '#1971c2', width: 4, points: strokePoints(2000) });
  }
  return out;
}

const texts = (doc: Y.Doc) => shapesToJSON(doc).map((s) => s.text ?? `${s.type}@${s.x},${s.y}`);

describe('taking a refused change out of the document (refused.ts)', () => {
  it('removes exactly the big change: earlier shapes and a later edit stay, a fresh doc syncs to the same, the capture holds the change', () => {
    const doc = new Y.Doc();
    const relay = new Y.Doc(); // what the relay accepted
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'relay' && accepting && Y.applyUpdate(relay, u, 'relay'));
    let accepting = true;
    const undo = createUndo(doc);

    const early = insertShapes(doc, [
      { type: 'rect', x: 0, y: 0, w: 50, h: 50, color: '#e03131', width: 2 },
      { type: 'text', x: 10, y: 80, w: 10, h: 10, color: '#1e1e1e', width: 2, text: 'earlier' },
    ], { author: 'me' });
    undo.endAction();

    // the big change is refused; the socket closes, so nothing after it reaches the relay either
    accepting = false;
    const big = bigImport(1_000_000);
    const refusedUpdate = updateOf(doc, () => insertShapes(doc, big, { author: 'me' }));
    expect(refusedUpdate.length).toBeGreaterThan(900_000);
    undo.endAction();
    // later edits: a new stroke, and a move of an earlier shape
    const s = beginStroke(doc, { x: 300, y: 300, author: 'me', color: '#2f9e44', width: 4 });
    appendPoints(doc, s, [300, 300, 0.5, 320, 310, 0.5, 340, 305, 0.5]);
    endStroke(doc, s);
    moveShapes(doc, [early[0]], 5, 5);
    undo.endAction();
    const countBefore = shapesMap(doc).size;
    expect(countBefore).toBe(2 + big.length + 1);

    const ranges = rangesOf(refusedUpdate);
    const captured = captureRefused(doc, ranges);
    const removed = removeRefused(doc, ranges);
    expect(removed).toBe(ranges.reduce((n, r) => n + r.to - r.from, 0));

    // the capture is a board file with the refused shapes (and only those)
    const file = parseShapesDocument(captured.file);
    expect(file.kind).toBe('whiteboard/board');
    expect(file.shapes).toHaveLength(big.length);
    expect(file.shapes.map((x) => x.text ?? x.points?.length)).toEqual(big.map((x) => x.text ?? x.points?.length));

    // only the big change is gone
    const shapes = shapesMap(doc);
    expect(shapes.size).toBe(3);
    expect(shapes.has(early[0]) && shapes.has(early[1]) && shapes.has(s.id)).toBe(true);
    expect(texts(doc)).toEqual(['rect@5,5', 'earlier', 'stroke@300,300']);

    // a fresh doc synced from this one holds the same, and so does the relay after the reconnect's step 2
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc));
    expect(shapesToJSON(fresh)).toEqual(shapesToJSON(doc));
    const step2 = Y.encodeStateAsUpdate(doc, Y.encodeStateVector(relay));
    // the refused megabyte travels as tombstones
    expect(step2.length).toBeLessThan(refusedUpdate.length / 20);
    Y.applyUpdate(relay, step2, 'relay');
    expect(shapesToJSON(relay)).toEqual(shapesToJSON(doc));
    expect(relay.store.pendingStructs).toBeNull();

    // undo never brings the refused change back (its origin is not tracked)
    while (undo.undo());
    expect(shapesMap(doc).size).toBe(0);
    while (undo.redo());
    expect(texts(doc)).toEqual(['rect@5,5', 'earlier', 'stroke@300,300']);

    // refused again (the same ranges): nothing left to remove, nothing to capture
    expect(removeRefused(doc, ranges)).toBe(0);
    expect(captureRefused(doc, ranges).shapes).toEqual([]);
  });

  it('splits an item Yjs merged across the range edge, and keeps the part that was accepted', () => {
    const doc = new Y.Doc();
    const id = createShape(doc, { type: 'text', x: 0, y: 0, w: 10, h: 10, author: 'me', style: { color: '#1e1e1e', width: 2 } });
    doc.transact(() => ensureText(doc, id)!.insert(0, 'hello'), LOCAL_ORIGIN);
    const refusedUpdate = updateOf(doc, () => doc.transact(() => ensureText(doc, id)!.insert(5, ' world'), LOCAL_ORIGIN));
    doc.transact(() => ensureText(doc, id)!.insert(11, '!'), LOCAL_ORIGIN);
    // typing in three transactions leaves one merged Item for the three runs
    const ranges = rangesOf(refusedUpdate);
    expect(captureRefused(doc, ranges).shapes.map((s) => s.text)).toEqual(['hello world!']);
    expect(removeRefused(doc, ranges)).toBe(6);
    expect(ensureText(doc, id)!.toString()).toBe('hello!');
  });

  it('ignores clocks the document does not hold, leaving no delete waiting for them', () => {
    const doc = new Y.Doc();
    insertShapes(doc, [{ type: 'rect', x: 0, y: 0, w: 5, h: 5, color: '#000000', width: 2 }], { author: 'me' });
    const top = Y.getState(doc.store, doc.clientID);
    expect(removeRefused(doc, [{ client: doc.clientID, from: top, to: top + 100 }, { client: 12345, from: 0, to: 10 }])).toBe(0);
    expect(doc.store.pendingDs).toBeNull();
    expect(shapesMap(doc).size).toBe(1);
    // a later shape takes those clocks and is not deleted by anything left behind
    insertShapes(doc, [{ type: 'ellipse', x: 0, y: 0, w: 5, h: 5, color: '#000000', width: 2 }], { author: 'me' });
    expect(shapesMap(doc).size).toBe(2);
  });
});
