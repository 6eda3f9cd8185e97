import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { appendPoints, beginStroke, endStroke, NO_PRESSURE, shapesMap } from './strokes.ts';
import { encodePoints, pointBounds, decodePoints } from './points.ts';
import { encodeHeader, readHeader } from './strokeHeader.ts';
import { moveShapes } from './transform.ts';
import { restyleShapes } from './style.ts';
import { newPointsCache, readAllStrokes, readPoints, readShape, readStroke } from './read.ts';
import { boundsOf } from './geometry.ts';
import { ShapeIndex } from './spatial.ts';
import { observeShapes } from './observe.ts';
import { createUndo } from './undo.ts';
import { reorder } from './order.ts';

const style = { author: 'alice', color: '#1e1e1e', width: 4 };

/** A wobbly 100-point pen stroke starting at (x, y), flat board coordinates. */
function penPath(x: number, y: number, n = 100): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(x + i * 2.5, y + Math.sin(i / 6) * 25, 0.4 + 0.3 * Math.sin(i / 9));
  return out;
}

function drawStroke(doc: Y.Doc, x: number, y: number, n = 100, batch = 4) {
  const path = penPath(x, y, n);
  const h = beginStroke(doc, { ...style, x, y });
  for (let i = 0; i < path.length; i += batch * 3) appendPoints(doc, h, path.slice(i, i + batch * 3));
  endStroke(doc, h);
  return { h, path };
}

/** Two docs that forward every update to each other, like two peers behind a relay. */
function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'));
  return [a, b];
}

/** A finished stroke as written before the header: every field a key of its map (`pts`, `np`, `bb`). */
function legacyStroke(doc: Y.Doc, path: number[], o: { x: number; y: number; pressure?: boolean }): Y.Map<unknown> {
  const pressure = o.pressure ?? true;
  const rel = path.map((v, i) => (i % 3 === 0 ? v - o.x : i % 3 === 1 ? v - o.y : v));
  const { bytes } = encodePoints(rel, undefined, pressure);
  const map = new Y.Map<unknown>();
  doc.transact(() => {
    map.set(F.type, 'stroke');
    map.set(F.z, 'a0');
    map.set(F.x, o.x);
    map.set(F.y, o.y);
    map.set(F.author, 'old-author');
    map.set(F.color, '#e03131');
    map.set(F.width, 8);
    if (!pressure) map.set(NO_PRESSURE, true);
    map.set(F.points, Y.Array.from([bytes]));
    map.set(F.bounds, pointBounds(decodePoints(bytes, [], pressure)));
    shapesMap(doc).set('old', map);
  });
  return map;
}

describe('strokes', () => {
  it('create, append and end produce one compact chunk with all points', () => {
    const doc = new Y.Doc();
    const path = penPath(100, 50, 30);
    const h = beginStroke(doc, { ...style, x: 100, y: 50 });
    let s = readStroke(doc, h.id)!;
    expect(s).toMatchObject({ type: 'stroke', x: 100, y: 50, color: '#1e1e1e', width: 4, done: false, points: [] });
    for (let i = 0; i < path.length; i += 15) appendPoints(doc, h, path.slice(i, i + 15));
    const pts = h.map.get(F.stream) as Y.Array<Uint8Array>;
    // the header chunk, then one chunk per append
    expect(pts.length).toBe(7);
    expect(readStroke(doc, h.id)!.points.length).toBe(90);
    endStroke(doc, h);
    expect(pts.length).toBe(1);
    s = readStroke(doc, h.id)!;
    expect(s.done).toBe(true);
    // relative to the origin, quantised to half pixels
    expect(s.points[0]).toBe(0);
    for (let i = 0; i < path.length; i += 3) {
      expect(Math.abs(s.points[i] + 100 - path[i])).toBeLessThanOrEqual(0.25);
      expect(Math.abs(s.points[i + 1] + 50 - path[i + 1])).toBeLessThanOrEqual(0.25);
    }
  });

  it('new strokes go on top (z increases)', () => {
    const doc = new Y.Doc();
    const ids = [0, 1, 2].map((i) => drawStroke(doc, i * 10, 0, 5).h.id);
    expect(readAllStrokes(doc).map((s) => s.id)).toEqual(ids);
  });

  it('the points cache decodes only new chunks and resets when chunks are joined', () => {
    const doc = new Y.Doc();
    const h = beginStroke(doc, { ...style, x: 0, y: 0 });
    const pts = h.map.get(F.stream) as Y.Array<Uint8Array>;
    const cache = newPointsCache();
    const path = penPath(0, 0, 20);
    // the first chunk starts with the header, which the points start after
    const read = () => readPoints(pts, cache, true, readHeader(pts.get(0))!.end);
    appendPoints(doc, h, path.slice(0, 30));
    expect(read()).toBe(true);
    expect(read()).toBe(false);
    appendPoints(doc, h, path.slice(30));
    expect(read()).toBe(true);
    const before = [...cache.points];
    expect(before).toHaveLength(60);
    endStroke(doc, h);
    expect(read()).toBe(true);
    expect(cache.points).toEqual(before);
  });

  it('a finished stroke records its bounds, so readers place it without decoding its points', () => {
    const [a, b] = linkedDocs();
    const { h, path } = drawStroke(a, 100, 50);
    const xs = path.filter((_, i) => i % 3 === 0);
    const ys = path.filter((_, i) => i % 3 === 1);
    const first = (shapesMap(b).get(h.id)!.get(F.stream) as Y.Array<Uint8Array>).get(0);
    expect(readHeader(first)!.bounds).toEqual([
      Math.floor(Math.min(...xs) - 100),
      Math.floor(Math.min(...ys) - 50),
      Math.ceil(Math.max(...xs) - 100),
      Math.ceil(Math.max(...ys) - 50),
    ]);

    const cache = newPointsCache();
    const s = readShape(h.id, shapesMap(b).get(h.id)!, cache)!;
    const placed = boundsOf(s);
    expect(cache.points).toHaveLength(0); // placing it decoded nothing
    expect(s.type === 'stroke' && s.points).toHaveLength(path.length); // reading the points decodes them
    expect(cache.points).toHaveLength(path.length);
    // the same bounds as from the decoded points (within the whole-px rounding)
    const exact = boundsOf({ ...s, pointBounds: null } as typeof s);
    expect(Math.abs(placed.minX - exact.minX)).toBeLessThanOrEqual(1);
    expect(Math.abs(placed.maxY - exact.maxY)).toBeLessThanOrEqual(1);

    const index = new ShapeIndex(b);
    expect(index.hit(path[30], path[31], 2)?.id).toBe(h.id);
    expect(index.searchIds({ minX: 0, minY: 0, maxX: 90, maxY: 40 })).toEqual([]);
  });

  it('a stroke of the keys-only layout (before the header) with malformed bounds is placed from its points', () => {
    const doc = new Y.Doc();
    const h = legacyStroke(doc, penPath(100, 50), { x: 100, y: 50 });
    h.set(F.bounds, [0, 0, 'x', 1]);
    const cache = newPointsCache();
    const s = readShape('old', h, cache)!;
    expect(s.type === 'stroke' && s.pointBounds).toBeNull();
    expect(cache.points.length).toBeGreaterThan(0);
    // the first point's x less half the ink width (8) and the pressure's share of it
    expect(boundsOf(s).minX).toBeLessThan(100);
    expect(boundsOf(s).minX).toBeGreaterThan(90);
  });

  it('observeShapes reports the ids that changed, including appended points', () => {
    const doc = new Y.Doc();
    const seen: string[][] = [];
    const off = observeShapes(doc, (ids) => seen.push([...ids]));
    const h = beginStroke(doc, { ...style, x: 0, y: 0 });
    appendPoints(doc, h, [1, 1, 0.5]);
    endStroke(doc, h);
    off();
    expect(seen).toEqual([[h.id], [h.id], [h.id]]);
  });

  it('costs ~3 bytes per point plus a fixed ~200 bytes per stroke once ended', () => {
    // Measured as the growth of a peer's full-state update (what a snapshot costs).
    const [a, b] = linkedDocs();
    createUndo(a); // the author keeps an undo manager, as in the app
    drawStroke(a, 0, 0, 5); // warm up: the shapes map and client id already exist
    const growth = (n: number) => {
      const before = Y.encodeStateAsUpdate(b).length;
      drawStroke(a, 300, 300, n);
      return Y.encodeStateAsUpdate(b).length - before;
    };
    const g100 = growth(100);
    const g200 = growth(200);
    const perPoint = (g200 - g100) / 100;
    const fixed = g100 - 100 * perPoint;
    // eslint-disable-next-line no-console
    console.log(`100-point stroke: ${g100} B (${(g100 / 100).toFixed(2)} B/point); marginal ${perPoint} B/point, fixed ${fixed} B`);
    // The point stream itself: 3 one-byte varints per pen sample.
    expect(perPoint).toBeLessThanOrEqual(3.2);
    // Nine map fields each carry the 5-byte client id in Yjs v1, hence the fixed part.
    expect(fixed).toBeLessThanOrEqual(240);
    expect(g100 / 100).toBeLessThanOrEqual(5.4);
  });
});

describe('per-user undo', () => {
  it("undo removes only the local user's stroke; redo restores it", () => {
    const [a, b] = linkedDocs();
    const undoA = createUndo(a);
    const undoB = createUndo(b);
    const sa = drawStroke(a, 0, 0).h.id;
    undoA.endAction();
    const sb = drawStroke(b, 50, 50).h.id;
    expect(shapesMap(a).size).toBe(2);

    expect(undoA.undo()).toBe(true);
    expect([...shapesMap(a).keys()]).toEqual([sb]);
    expect([...shapesMap(b).keys()]).toEqual([sb]);
    expect(undoA.undo()).toBe(false); // nothing else of A's to undo

    expect(undoA.redo()).toBe(true);
    expect(new Set(shapesMap(b).keys())).toEqual(new Set([sa, sb]));
    expect(readStroke(b, sa)!.points.length).toBe(300);
    expect(readStroke(b, sa)!.done).toBe(true);
    expect(undoB.canUndo()).toBe(true);
  });

  it('one whole stroke is exactly one undo step, however slow', () => {
    const doc = new Y.Doc();
    const undo = createUndo(doc);
    const ids: string[] = [];
    for (let k = 0; k < 3; k++) {
      undo.beginAction();
      ids.push(drawStroke(doc, k * 100, 0, 50, 1).h.id);
      undo.endAction();
    }
    expect(undo.manager.undoStack.length).toBe(3);
    undo.undo();
    expect([...shapesMap(doc).keys()].sort()).toEqual(ids.slice(0, 2).sort());
  });

  it('discardAction reverts the current stroke without a redo step', () => {
    const doc = new Y.Doc();
    const undo = createUndo(doc);
    undo.beginAction();
    const h = beginStroke(doc, { ...style, x: 0, y: 0 });
    appendPoints(doc, h, [1, 2, 0.5]);
    undo.discardAction();
    expect(shapesMap(doc).size).toBe(0);
    expect(undo.canRedo()).toBe(false);
  });
});

describe('the stroke header', () => {
  it('holds the fields fixed when drawing, the z included: a new stroke is one key (ps), its type implied', () => {
    const doc = new Y.Doc();
    const first = drawStroke(doc, 0, 0).h;
    const { h } = drawStroke(doc, 100, 50);
    expect([...h.map.keys()]).toEqual([F.stream]);
    const s = readStroke(doc, h.id)!;
    expect(s).toMatchObject({ type: 'stroke', x: 100, y: 50, author: 'alice', color: '#1e1e1e', width: 4, done: true });
    // the z comes from the header: drawn later = on top
    expect(s.z > readStroke(doc, first.id)!.z).toBe(true);
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual([first.id, h.id]);
  });

  it('is overridden by a reorder, and its z shows again when the reorder is undone', () => {
    const doc = new Y.Doc();
    const a = drawStroke(doc, 0, 0).h;
    const b = drawStroke(doc, 100, 50).h;
    const undo = createUndo(doc);
    reorder(doc, [b.id], 'back');
    expect(b.map.get(F.z)).toEqual(expect.any(String));
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual([b.id, a.id]);
    // the next stroke goes on top of the reordered ones too
    const c = drawStroke(doc, 5, 5).h;
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual([b.id, a.id, c.id]);
    undo.undo(); // the stroke c
    undo.undo(); // the reorder
    expect(b.map.has(F.z)).toBe(false);
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual([a.id, b.id]);
  });

  it('strokes whose header has no z (type and z keys, the layout before it) read and reorder as before', () => {
    const doc = new Y.Doc();
    const a = drawStroke(doc, 0, 0).h;
    const map = new Y.Map<unknown>();
    const { bytes } = encodePoints([0, 0, 0.5, 3, 4, 0.5], undefined, true);
    const header = encodeHeader({ x: 7, y: 8, width: 2, color: '#e03131', author: 'bob', pressure: true, bounds: [0, 0, 3, 4], z: null });
    doc.transact(() => {
      map.set(F.type, 'stroke');
      map.set(F.z, 'Zz'); // below every generated key
      map.set(F.stream, Y.Array.from([new Uint8Array([...header, ...bytes])]));
      shapesMap(doc).set('mid', map);
    });
    expect(readStroke(doc, 'mid')).toMatchObject({ type: 'stroke', z: 'Zz', x: 7, y: 8, author: 'bob', width: 2, done: true });
    expect(readStroke(doc, 'mid')!.points).toHaveLength(6);
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual(['mid', a.id]);
    reorder(doc, ['mid'], 'front');
    expect(readAllStrokes(doc).map((x) => x.id)).toEqual([a.id, 'mid']);
  });

  it('is overridden by keys set later (move, restyle), and shows again when they are undone', () => {
    const doc = new Y.Doc();
    const { h } = drawStroke(doc, 100, 50);
    const undo = createUndo(doc);
    moveShapes(doc, [h.id], 10, -5);
    restyleShapes(doc, [h.id], { color: '#2f9e44', width: 2 });
    expect(readStroke(doc, h.id)).toMatchObject({ x: 110, y: 45, color: '#2f9e44', width: 2 });
    undo.undo();
    undo.undo();
    expect(readStroke(doc, h.id)).toMatchObject({ x: 100, y: 50, color: '#1e1e1e', width: 4 });
    expect([...h.map.keys()]).toEqual([F.stream]);
  });

  it('keeps what it cannot hold exactly as keys (a fractional origin or width)', () => {
    const doc = new Y.Doc();
    const h = beginStroke(doc, { ...style, x: 10.5, y: 20, width: 7 / 3 });
    expect(h.map.get(F.x)).toBeUndefined(); // drawing rounds the origin: points are relative to it
    const s = readStroke(doc, h.id)!;
    expect(s.width).toBeCloseTo(7 / 3, 10);
    expect(h.map.get(F.width)).toBeCloseTo(7 / 3, 10);
  });

  it('round-trips its strings, ASCII or not, short or long', () => {
    for (const author of ['alice', 'Zoë ✏️', 'x'.repeat(40), 'é'.repeat(20), '', 'y'.repeat(200_000)]) {
      const h = { x: -3, y: 7, width: 2.5, color: '#e03131', author, pressure: false, bounds: [-1, 0, 5, 9] as [number, number, number, number], z: 'a0V' };
      const chunk = encodeHeader(h);
      expect(readHeader(new Uint8Array([...chunk, 1, 2]))).toEqual({ ...h, end: chunk.length });
    }
  });

  it('is unreadable when its last string runs past the end of its chunk, even inside a larger buffer', () => {
    // no bounds: the z is the header's last field, so nothing read after it would notice the cut
    const chunk = encodeHeader({ x: 0, y: 0, width: 4, color: '#000', author: 'alice', pressure: true, bounds: null, z: 'a0V' });
    // the bytes after the cut are readable memory, but not the chunk's
    const buffer = new Uint8Array([...chunk, 0, 0, 0]);
    expect(readHeader(buffer.subarray(0, chunk.length - 1))).toBeNull();
    expect(readHeader(buffer.subarray(0, chunk.length))).toMatchObject({ author: 'alice', z: 'a0V', end: chunk.length });
  });

  it('leaves out a stroke whose header has flags this client does not know (a newer writer)', () => {
    const doc = new Y.Doc();
    const { h } = drawStroke(doc, 100, 50);
    const chunk = encodeHeader({ x: 0, y: 0, width: 4, color: '#000', author: 'x', pressure: true, bounds: null, z: 'a0' });
    chunk[0] |= 64;
    const pts = h.map.get(F.stream) as Y.Array<Uint8Array>;
    doc.transact(() => {
      pts.delete(0, pts.length);
      pts.push([chunk]);
    });
    expect(readStroke(doc, h.id)).toBeNull();
    expect(readShape(h.id, h.map)).toBeNull();
  });

  it('strokes of the keys-only layout (documents written before it) read as before', () => {
    const doc = new Y.Doc();
    const path = penPath(100, 50, 40);
    const map = legacyStroke(doc, path, { x: 100, y: 50 });
    const s = readStroke(doc, 'old')!;
    expect(s).toMatchObject({ x: 100, y: 50, author: 'old-author', color: '#e03131', width: 8, done: true });
    expect(s.pointBounds).toEqual(map.get(F.bounds));
    expect(s.points).toHaveLength(path.length);
    expect(Math.abs(s.points[3] + 100 - path[3])).toBeLessThanOrEqual(0.25);
    moveShapes(doc, ['old'], 5, 5);
    expect(readStroke(doc, 'old')).toMatchObject({ x: 105, y: 55 });
    const mouse = legacyStroke(new Y.Doc(), path.map((v, i) => (i % 3 === 2 ? 0.5 : v)), { x: 100, y: 50, pressure: false });
    expect(readShape('old', mouse)!.type === 'stroke' && (readShape('old', mouse) as { points: number[] }).points[2]).toBeCloseTo(0.5, 2);
  });
});

describe('strokes without pressure (mouse)', () => {
  it('store NO_PRESSURE, read back with pressure 0.5 and cost ~2 bytes a point', () => {
    const doc = new Y.Doc();
    const path: number[] = [];
    for (let i = 0; i < 100; i++) path.push(100.4 + i * 2.5, 50.2 + Math.sin(i / 6) * 25, 0.5);
    const h = beginStroke(doc, { ...style, x: 100.4, y: 50.2, simulatedPressure: true });
    for (let i = 0; i < path.length; i += 12) appendPoints(doc, h, path.slice(i, i + 12));
    const live = readStroke(doc, h.id)!;
    expect(live.points.length).toBe(300);
    endStroke(doc, h);
    const header = readHeader((h.map.get(F.stream) as Y.Array<Uint8Array>).get(0))!;
    expect(header.pressure).toBe(false);
    // the origin is rounded to whole pixels (cheap to store), the points stay where drawn
    expect(header.x).toBe(100);
    expect(h.map.has(F.x)).toBe(false);
    const s = readStroke(doc, h.id)!;
    for (let i = 0; i < path.length; i += 3) {
      expect(Math.abs(s.points[i] + s.x - path[i])).toBeLessThanOrEqual(0.25);
      expect(Math.abs(s.points[i + 1] + s.y - path[i + 1])).toBeLessThanOrEqual(0.25);
      expect(s.points[i + 2]).toBeCloseTo(0.5, 2);
    }
    // ~2 bytes a point, plus the header (flags, origin, width, colour, author, z, bounds)
    const bytes = (h.map.get(F.stream) as Y.Array<Uint8Array>).get(0).length;
    expect(bytes - header.end).toBeLessThanOrEqual(205);
    expect(header.end).toBeLessThanOrEqual(28);
  });

  it('a peer sees the growing stroke with the same points', () => {
    const [a, b] = linkedDocs();
    const h = beginStroke(a, { ...style, x: 0, y: 0, simulatedPressure: true });
    appendPoints(a, h, [0, 0, 0.5, 4, 1, 0.5]);
    const cache = newPointsCache();
    expect(readStroke(b, h.id, cache)!.points.length).toBe(6);
    appendPoints(a, h, [8, 3, 0.5]);
    expect(readStroke(b, h.id, cache)!.points).toEqual(readStroke(a, h.id)!.points);
    endStroke(a, h);
    expect(readStroke(b, h.id, cache)!.points).toEqual(readStroke(a, h.id)!.points);
    // a mouse stroke travels without pressures (header flag) and reads back as the middle pressure
    expect(readHeader((b.getMap<Y.Map<unknown>>('shapes').get(h.id)!.get(F.stream) as Y.Array<Uint8Array>).get(0))!.pressure).toBe(false);
    expect(readStroke(b, h.id)!.points.filter((_, i) => i % 3 === 2).map((p) => p.toFixed(2))).toEqual(['0.50', '0.50', '0.50']);
  });

  it('compacted v2 size of 200 mouse strokes of 100 points stays under 4 bytes a point', () => {
    const doc = new Y.Doc();
    for (let k = 0; k < 200; k++) {
      const pts: number[] = [];
      for (let i = 0; i < 100; i++) pts.push(k * 7.3 + i * 2.5, k * 3.1 + Math.sin(i / 6) * 25, 0.5);
      const h = beginStroke(doc, { ...style, x: pts[0], y: pts[1], simulatedPressure: true });
      for (let i = 0; i < pts.length; i += 18) appendPoints(doc, h, pts.slice(i, i + 18));
      endStroke(doc, h);
    }
    const fresh = new Y.Doc();
    Y.applyUpdateV2(fresh, Y.encodeStateAsUpdateV2(doc));
    const perPoint = Y.encodeStateAsUpdateV2(fresh).length / 20_000;
    console.log(`mouse strokes: ${perPoint.toFixed(2)} bytes per point (v2, compacted)`);
    expect(perPoint).toBeLessThan(4);
  });
});
