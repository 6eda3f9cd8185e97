/**
 * Decoded points of one stroke, kept between reads so a growing stroke decodes only
 * its new chunks. Chunk identity tells whether the prefix is unchanged (Yjs returns
 * the same Uint8Array object for the same item); when the author joins the chunks at
 * the end of the stroke, the identity changes and we decode once more from scratch.
 */
import type * as Y from 'yjs';
import { decodeChunk, START_CURSOR, type PointCursor } from '../../board/points.ts';

export interface PointsCache {
  chunks: Uint8Array[];
  points: number[];
  cursor: PointCursor;
  /** the stream carries pressures (no NO_PRESSURE flag) */
  pressure: boolean;
}

export function newPointsCache(): PointsCache {
  return { chunks: [], points: [], cursor: START_CURSOR, pressure: true };
}

/**
 * Updates `cache` from the `pts` array; returns true if the points changed. `pressure`
 * is false for strokes stored without pressures (NO_PRESSURE).
 */
export function readPoints(pts: Y.Array<Uint8Array> | undefined, cache: PointsCache, pressure = true, headerEnd = 0): boolean {
  const chunks = pts ? pts.toArray() : [];
  const old = cache.chunks;
  let prefix = old.length <= chunks.length && cache.pressure === pressure;
  for (let i = 0; prefix && i < old.length; i++) prefix = old[i] === chunks[i];
  if (prefix && old.length === chunks.length) return false;
  if (!prefix) {
    cache.points = [];
    cache.cursor = START_CURSOR;
    cache.pressure = pressure;
  }
  for (let i = prefix ? old.length : 0; i < chunks.length; i++) {
    // the first chunk of a stroke with a header (strokeHeader.ts) starts with it
    const c = i === 0 && headerEnd > 0 ? chunks[0].subarray(headerEnd) : chunks[i];
    if (c instanceof Uint8Array) cache.cursor = decodeChunk(c, cache.points, cache.cursor, pressure);
  }
  cache.chunks = chunks;
  return true;
}
