/**
 * Stroke operations on the board document (doc.getMap(SHAPES)), all in LOCAL_ORIGIN
 * transactions so they are undoable by their author only.
 *
 * Life of a stroke: beginStroke creates the shape Y.Map whose `ps` array holds one
 * chunk, the header (strokeHeader.ts: origin, width, colour, author); appendPoints
 * pushes one binary chunk per batch (peers see the stroke grow); endStroke replaces the
 * chunks by one, the header with the points' bounds followed by every point, in one
 * transaction, so the finished stroke is a single compact blob that readers can place
 * without decoding.
 */
import * as Y from 'yjs';
import { F, SHAPES } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { newShapeId } from './ids.ts';
import { nextZ } from './order.ts';
import { concatChunks, decodePoints, encodePoints, pointBounds, START_CURSOR, type PointCursor } from './points.ts';
import { encodeHeader, readHeader, type StrokeHeader } from './strokeHeader.ts';
// the layout a stroke is written in is the stroke module's (shapes/stroke/layout.ts)
import { writeNewStroke } from '../shapes/stroke/layout.ts';
import { detachFrom } from './bindings.ts';

export { NO_PRESSURE, writeNewStroke } from '../shapes/stroke/layout.ts';

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

/** The author's handle on a stroke being drawn. */
export interface StrokeHandle {
  readonly id: string;
  readonly map: Y.Map<unknown>;
  readonly x: number;
  readonly y: number;
  /** what the first chunk's header says (strokeHeader.ts) */
  readonly header: StrokeHeader;
  /** delta-coding state after the last appended chunk */
  cursor: PointCursor;
  /** number of points appended */
  count: number;
  /** points are stored with their pressure (false: no pressure, see points.ts) */
  readonly pressure: boolean;
}

export const shapesMap = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(SHAPES);

/** Creates an empty stroke on top of every existing shape. */
export function beginStroke(doc: Y.Doc, init: StrokeInit, id: string = newShapeId()): StrokeHandle {
  const shapes = shapesMap(doc);
  const map = new Y.Map<unknown>();
  const pressure = !init.simulatedPressure;
  let header!: StrokeHeader;
  doc.transact(() => {
    // `done` is absent until the end: absent reads as false and saves a tombstone.
    header = writeNewStroke(map, nextZ(shapes), { ...init, x: Math.round(init.x), y: Math.round(init.y), pressure }, null, null);
    shapes.set(id, map);
  }, LOCAL_ORIGIN);
  // Integer origins (header.x/y) keep the header small; the points are relative to the
  // origin, so the stroke still lands where it was drawn.
  return { id, map, x: header.x, y: header.y, header, cursor: START_CURSOR, count: 0, pressure };
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
  const pts = h.map.get(F.stream) as Y.Array<Uint8Array>;
  doc.transact(() => pts.push([bytes]), LOCAL_ORIGIN);
  h.cursor = cursor;
  h.count += rel.length / 3;
}

/**
 * Finishes a stroke, in a single transaction: the chunks become one, headed by the
 * header with the points' bounds (so readers can place the stroke without decoding it,
 * and a stroke with bounds is done); a stroke without points gets `done` instead.
 */
export function endStroke(doc: Y.Doc, h: StrokeHandle): void {
  if (!isAlive(h)) return;
  const pts = h.map.get(F.stream) as Y.Array<Uint8Array>;
  const chunks = pts.toArray();
  const stream = concatChunks([chunks[0].subarray(readHeader(chunks[0])?.end ?? chunks[0].length), ...chunks.slice(1)]);
  const bounds = pointBounds(decodePoints(stream, [], h.pressure));
  doc.transact(() => {
    if (bounds) {
      pts.delete(0, pts.length);
      pts.push([concatChunks([encodeHeader({ ...h.header, bounds }), stream])]);
    } else h.map.set(F.done, true);
  }, LOCAL_ORIGIN);
}

/** Deletes shapes (local, undoable); arrows bound to them stay where they are (board/bindings.ts). */
export function deleteShapes(doc: Y.Doc, ids: Iterable<string>): void {
  const shapes = shapesMap(doc);
  const gone = new Set(ids);
  doc.transact(() => {
    detachFrom(doc, gone);
    for (const id of gone) shapes.delete(id);
  }, LOCAL_ORIGIN);
}
