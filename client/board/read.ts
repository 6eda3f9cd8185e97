/** Reading shapes out of the document as plain StrokeData for renderers. */
import * as Y from 'yjs';
import { F, type StrokeData } from '../../shared/schema.ts';
import { decodeChunk, START_CURSOR, type PointCursor } from './points.ts';
import { shapesMap } from './strokes.ts';

/**
 * Decoded points of one stroke, kept between reads so a growing stroke decodes only
 * its new chunks. Chunk identity tells whether the prefix is unchanged (Yjs returns
 * the same Uint8Array object for the same item); when the author joins the chunks at
 * the end of the stroke, the identity changes and we decode once more from scratch.
 */
export interface PointsCache {
  chunks: Uint8Array[];
  points: number[];
  cursor: PointCursor;
}

export function newPointsCache(): PointsCache {
  return { chunks: [], points: [], cursor: START_CURSOR };
}

/** Updates `cache` from the `pts` array; returns true if the points changed. */
export function readPoints(pts: Y.Array<Uint8Array> | undefined, cache: PointsCache): boolean {
  const chunks = pts ? pts.toArray() : [];
  const old = cache.chunks;
  let prefix = old.length <= chunks.length;
  for (let i = 0; prefix && i < old.length; i++) prefix = old[i] === chunks[i];
  if (prefix && old.length === chunks.length) return false;
  if (!prefix) {
    cache.points = [];
    cache.cursor = START_CURSOR;
  }
  for (let i = prefix ? old.length : 0; i < chunks.length; i++) {
    const c = chunks[i];
    if (c instanceof Uint8Array) cache.cursor = decodeChunk(c, cache.points, cache.cursor);
  }
  cache.chunks = chunks;
  return true;
}

const num = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : d);

/** The fields of a stroke without its points (cheap: no decoding). */
export function readStrokeFields(id: string, map: Y.Map<unknown>): Omit<StrokeData, 'points'> | null {
  if (!(map instanceof Y.Map) || map.get(F.type) !== 'stroke') return null;
  return {
    id,
    type: 'stroke',
    z: str(map.get(F.z)),
    x: num(map.get(F.x)),
    y: num(map.get(F.y)),
    author: str(map.get(F.author)),
    color: str(map.get(F.color), '#1e1e1e'),
    width: Math.max(0.5, num(map.get(F.width), 4)),
    done: map.get(F.done) === true,
  };
}

/** One shape as StrokeData, or null if absent or not a stroke this client understands. */
export function readStroke(doc: Y.Doc, id: string, cache: PointsCache = newPointsCache()): StrokeData | null {
  const map = shapesMap(doc).get(id);
  if (!map) return null;
  const fields = readStrokeFields(id, map);
  if (!fields) return null;
  readPoints(map.get(F.points) as Y.Array<Uint8Array> | undefined, cache);
  return { ...fields, points: cache.points };
}

/** All strokes in z order. */
export function readAllStrokes(doc: Y.Doc): StrokeData[] {
  const out: StrokeData[] = [];
  for (const id of shapesMap(doc).keys()) {
    const s = readStroke(doc, id);
    if (s) out.push(s);
  }
  return out.sort((a, b) => (a.z !== b.z ? (a.z < b.z ? -1 : 1) : a.id < b.id ? -1 : 1));
}
