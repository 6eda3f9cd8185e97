/**
 * Stroke operations on the board document (doc.getMap(SHAPES)), all in LOCAL_ORIGIN
 * transactions so they are undoable by their author only.
 *
 * Life of a stroke: beginStroke creates the shape Y.Map with an empty `pts` array;
 * appendPoints pushes one binary chunk per batch (peers see the stroke grow);
 * endStroke replaces the chunks by their concatenation and sets `done`, in one
 * transaction, so the finished stroke is a single compact blob, and records the
 * points' bounds (F.bounds) so readers can place it without decoding.
 */
import * as Y from 'yjs';
import { F, SHAPES } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { newShapeId } from './ids.ts';
import { nextZ } from './order.ts';
import { concatChunks, decodePoints, encodePoints, pointBounds, START_CURSOR, type PointCursor } from './points.ts';

export interface StrokeInit {
  /** origin of the stroke in board coordinates (usually its first point) */
  x: number;
  y: number;
  author: string;
  color: string;
  width: number;
  /** highlighter: semi-transparent, drawn under ink */
  highlighter?: boolean;
  opacity?: number;
  /**
   * The input has no real pressure (mouse, most touch screens): the points are stored
   * without it (NO_PRESSURE, ~2 instead of ~3 bytes a point) and read back as 0.5.
   */
  simulatedPressure?: boolean;
}

/**
 * Stroke field: true when `pts` holds (dx, dy) pairs without pressure (see points.ts).
 * Absent = (dx, dy, dp) triplets, the layout of every stroke written before the flag.
 */
export const NO_PRESSURE = F.noPressure;

/** The author's handle on a stroke being drawn. */
export interface StrokeHandle {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly x: number;
  readonly y: number;
  /** delta-coding state after the last appended chunk */
  cursor: PointCursor;
  /** number of points appended */
  count: number;
  /** points are stored with their pressure (false: NO_PRESSURE) */
  readonly pressure: boolean;
}

export const shapesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(SHAPES);

/** Creates an empty stroke on top of every existing shape. */
export function beginStroke(doc: Y.Doc, init: StrokeInit, id: string = newShapeId()): StrokeHandle {
  const shapes = shapesMap(doc);
  const map = new Y.Map<unknown>();
  // Integer origins are stored as varints (1-3 bytes) instead of 9-byte floats; the
  // points are relative to the origin, so the stroke still lands where it was drawn.
  const x = Math.round(init.x);
  const y = Math.round(init.y);
  doc.transact(() => {
    map.set(F.type, 'stroke');
    map.set(F.z, nextZ(shapes));
    map.set(F.x, x);
    map.set(F.y, y);
    map.set(F.author, init.author);
    map.set(F.color, init.color);
    map.set(F.width, init.width);
    if (init.highlighter) map.set(F.highlighter, true);
    if (init.opacity !== undefined && init.opacity !== 1) map.set(F.opacity, init.opacity);
    if (init.simulatedPressure) map.set(NO_PRESSURE, true);
    // `done` is absent until the end: absent reads as false and saves a tombstone.
    map.set(F.points, new Y.Array<Uint8Array>());
    shapes.set(id, map);
  }, LOCAL_ORIGIN);
  return { id, map, x, y, cursor: START_CURSOR, count: 0, pressure: !init.simulatedPressure };
}

/** False once the stroke was deleted (undone, or removed by someone else). */
export function isAlive(h: StrokeHandle): boolean {
  return h.map.doc !== null && !(h.map._item?.deleted ?? true);
}

/**
 * Appends points given in board coordinates, flat [x, y, pressure(0..1), ...],
 * as one chunk. Call at most once per frame: each call is one Yjs update.
 */
export function appendPoints(doc: Y.Doc, h: StrokeHandle, boardPoints: ArrayLike<number>): void {
  if (boardPoints.length < 3 || !isAlive(h)) return;
  const rel = new Array<number>(boardPoints.length - (boardPoints.length % 3));
  for (let i = 0; i < rel.length; i += 3) {
    rel[i] = boardPoints[i] - h.x;
    rel[i + 1] = boardPoints[i + 1] - h.y;
    rel[i + 2] = boardPoints[i + 2];
  }
  const { bytes, cursor } = encodePoints(rel, h.cursor, h.pressure);
  const pts = h.map.get(F.points) as Y.Array<Uint8Array>;
  doc.transact(() => pts.push([bytes]), LOCAL_ORIGIN);
  h.cursor = cursor;
  h.count += rel.length / 3;
}

/** Finishes a stroke: one chunk instead of many, its bounds, and `done` set, in a single transaction. */
export function endStroke(doc: Y.Doc, h: StrokeHandle): void {
  if (!isAlive(h)) return;
  const pts = h.map.get(F.points) as Y.Array<Uint8Array>;
  const joined = concatChunks(pts.toArray());
  const bounds = pointBounds(decodePoints(joined, [], h.pressure));
  doc.transact(() => {
    if (pts.length > 1) {
      pts.delete(0, pts.length);
      pts.push([joined]);
    }
    // bounds imply done (shared/schema.ts)
    if (bounds) h.map.set(F.bounds, bounds);
    else h.map.set(F.done, true);
  }, LOCAL_ORIGIN);
}

/** Deletes shapes (local, undoable). */
export function deleteShapes(doc: Y.Doc, ids: Iterable<string>): void {
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (const id of ids) shapes.delete(id);
  }, LOCAL_ORIGIN);
}
