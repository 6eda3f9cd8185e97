/** Reading shapes out of the document as plain data (shared/schema.ts) for renderers and tools. */
import * as Y from 'yjs';
import { F, FILL_STYLES, type BoxType, type FillStyle, type LineType, type PointBounds, type ShapeData, type StrokeData } from '../../shared/schema.ts';
import { compareShapes } from './order.ts';
import { measureText } from './textMetrics.ts';
import { decodeChunk, START_CURSOR, type PointCursor } from './points.ts';
import { NO_PRESSURE, shapesMap } from './strokes.ts';
import type { ParsedHeader, StrokeHeader } from './strokeHeader.ts';
import { headerOf, shapeType } from './shapeKeys.ts';
import { clampNum, isSafeColor, RANGES, safeColor, safeCoord } from './sanitize.ts';

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

const num = (v: unknown, d = 0) => (typeof v === 'number' && Number.isFinite(v) ? v : d);
const str = (v: unknown, d = '') => (typeof v === 'string' ? v : d);

export const DEFAULT_COLOR = '#1e1e1e';
export const DEFAULT_FONT_SIZE = 20;
export const DEFAULT_STICKY_BG = '#ffec99';
const { width: WIDTH, fontSize: FONT, scale: SCALE, coord: COORD } = RANGES;

/** A shape's origin: its keys, else (strokes) its header's. */
export function readOrigin(map: Y.Map<unknown>): { x: number; y: number } {
  const h = shapeType(map) === 'stroke' ? headerOf(map) : undefined;
  return { x: safeCoord(map.get(F.x), safeCoord(h?.x)), y: safeCoord(map.get(F.y), safeCoord(h?.y)) };
}

/**
 * Style and transform fields shared by every type, with defaults (or a stroke header's
 * values) for absent ones. Every value is validated here (sanitize.ts): colours that
 * are not hex or a known keyword, and numbers out of range, never leave this module.
 * Readers extend this object (Object.assign) instead of
 * spreading it into a new literal: V8 built each spread-and-extend object in ~10 µs,
 * 0.1 s of opening a 10,000-stroke board in Node.
 */
function readBase(id: string, map: Y.Map<unknown>, h?: StrokeHeader) {
  const fill = map.get(F.fill);
  const color = map.get(F.color);
  return {
    id,
    z: str(map.get(F.z), h?.z ?? ''),
    x: safeCoord(map.get(F.x), safeCoord(h?.x)),
    y: safeCoord(map.get(F.y), safeCoord(h?.y)),
    rotation: num(map.get(F.rotation)) % 360,
    author: str(map.get(F.author), h?.author ?? ''),
    // a key set later wins over the header; an invalid one falls back to the header's
    color: isSafeColor(color) ? color : safeColor(h?.color, DEFAULT_COLOR),
    width: clampNum(map.get(F.width), WIDTH.min, WIDTH.max, clampNum(h?.width, WIDTH.min, WIDTH.max, 4)),
    opacity: clampNum(map.get(F.opacity), 0, 1, 1),
    dash: map.get(F.dash) === true,
    fill: (FILL_STYLES as readonly unknown[]).includes(fill) ? (fill as FillStyle) : 'none',
    fontSize: clampNum(map.get(F.fontSize), FONT.min, FONT.max, DEFAULT_FONT_SIZE),
  };
}

/** A finished stroke's F.bounds, or null when absent or malformed (then readers decode the points). */
function readPointBounds(map: Y.Map<unknown>): PointBounds | null {
  const b = map.get(F.bounds);
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return b[0] <= b[2] && b[1] <= b[3] ? (b as unknown as PointBounds) : null;
}

/** The fields of a stroke without its points (cheap: no decoding). */
export function readStrokeFields(id: string, map: Y.Map<unknown>): Omit<StrokeData, 'points'> | null {
  return map instanceof Y.Map ? strokeFields(id, map, headerOf(map)) : null;
}

/** A stroke with its points from `cache` (see withPoints), its header read once. */
function readWholeStroke(id: string, map: Y.Map<unknown>, cache: PointsCache): StrokeData | null {
  const header = headerOf(map);
  const fields = strokeFields(id, map, header);
  return fields && withPoints(fields, map, cache, header ?? undefined);
}

function strokeFields(id: string, map: Y.Map<unknown>, header: ParsedHeader | null | undefined): Omit<StrokeData, 'points'> | null {
  if (shapeType(map) !== 'stroke' || header === null) return null;
  const pointBounds = header ? header.bounds : readPointBounds(map);
  return Object.assign(readBase(id, map, header), {
    type: 'stroke' as const,
    done: pointBounds !== null || map.get(F.done) === true,
    sx: clampNum(map.get(F.sx), -SCALE, SCALE, 1),
    sy: clampNum(map.get(F.sy), -SCALE, SCALE, 1),
    highlighter: map.get(F.highlighter) === true,
    pointBounds,
  });
}

/**
 * The stroke with its points from `cache`. A finished stroke with bounds whose points
 * were never decoded gets them on first read of `points`: opening a board then decodes
 * only what is painted or picked, not every point of every stroke.
 */
function withPoints(fields: Omit<StrokeData, 'points'>, map: Y.Map<unknown>, cache: PointsCache, header: ParsedHeader | undefined): StrokeData {
  const pts = (header ? map.get(F.stream) : map.get(F.points)) as Y.Array<Uint8Array> | undefined;
  const pressure = header ? header.pressure : map.get(NO_PRESSURE) !== true;
  const headerEnd = header?.end ?? 0;
  if (!fields.pointBounds || cache.chunks.length > 0) {
    readPoints(pts, cache, pressure, headerEnd);
    return Object.assign(fields, { points: cache.points });
  }
  const data = fields as StrokeData;
  Object.defineProperty(data, 'points', {
    enumerable: true,
    configurable: true,
    get() {
      readPoints(pts, cache, pressure, headerEnd);
      Object.defineProperty(data, 'points', { value: cache.points, enumerable: true, writable: true, configurable: true });
      return cache.points;
    },
  });
  return data;
}

/** The text of a shape ('' when it has none). */
export function readText(map: Y.Map<unknown>): string {
  const t = map.get(F.text);
  return t instanceof Y.Text ? t.toString() : '';
}

/**
 * Any shape as plain data, or null if this client does not understand it. Stroke points
 * come from `cache` (updated here), so a growing stroke decodes only its new chunks.
 */
export function readShape(id: string, map: Y.Map<unknown>, cache: PointsCache = newPointsCache()): ShapeData | null {
  if (!(map instanceof Y.Map)) return null;
  const type = shapeType(map);
  if (type === 'stroke') return readWholeStroke(id, map, cache);
  if (type === 'line' || type === 'arrow') {
    return Object.assign(readBase(id, map), { type: type as LineType, w: safeCoord(map.get(F.w)), h: safeCoord(map.get(F.h)) });
  }
  if (type === 'text') {
    // sized by its content (textMetrics.ts), so concurrent typists never fight over w/h
    const base = readBase(id, map);
    const text = readText(map);
    const m = measureText(text || ' ', base.fontSize);
    return Object.assign(base, { type: type as BoxType, w: Math.max(4, m.w), h: m.h, text, bg: '' });
  }
  if (type === 'rect' || type === 'ellipse' || type === 'sticky') {
    return Object.assign(readBase(id, map), {
      type: type as BoxType,
      w: clampNum(map.get(F.w), 1, COORD, 1),
      h: clampNum(map.get(F.h), 1, COORD, 1),
      text: readText(map),
      bg: type === 'sticky' ? safeColor(map.get(F.bg), DEFAULT_STICKY_BG) : '',
    });
  }
  return null;
}

/** One shape as StrokeData, or null if absent or not a stroke this client understands. */
export function readStroke(doc: Y.Doc, id: string, cache: PointsCache = newPointsCache()): StrokeData | null {
  const map = shapesMap(doc).get(id);
  return map ? readWholeStroke(id, map, cache) : null;
}

/** All strokes in z order. */
export function readAllStrokes(doc: Y.Doc): StrokeData[] {
  const out: StrokeData[] = [];
  for (const id of shapesMap(doc).keys()) {
    const s = readStroke(doc, id);
    if (s) out.push(s);
  }
  return out.sort(compareShapes);
}

/** All shapes this client understands, in z order (bottom first). */
export function readAllShapes(doc: Y.Doc): ShapeData[] {
  const out: ShapeData[] = [];
  for (const [id, map] of shapesMap(doc)) {
    const s = readShape(id, map);
    if (s) out.push(s);
  }
  return out.sort(compareShapes);
}
