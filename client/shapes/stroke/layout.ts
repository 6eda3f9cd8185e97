/**
 * How a stroke lies in the document, in its two layouts (shared/schema.ts): the keys-only
 * layout written before the header (`type`, `z`, `x`, `y`, `author`, `color`, `width`,
 * `np`, `pts`, `bb`), and the current one whose fields fixed when it is drawn live in a
 * header at the start of `ps` (board/strokeHeader.ts), with no `type` or `z` key. Only
 * the stroke module knows either.
 */
import * as Y from 'yjs';
import { F, type PointBounds } from '../../../shared/schema.ts';
import { concatChunks } from '../../board/points.ts';
import { encodeHeader, readHeader, type ParsedHeader, type StrokeHeader } from '../../board/strokeHeader.ts';

/**
 * Field of strokes written before the header: true when `pts` holds (dx, dy) pairs
 * without pressure (see points.ts). Absent = (dx, dy, dp) triplets.
 */
export const NO_PRESSURE = F.noPressure;

/** A map with `ps` and no `type` key is a stroke (its header implies it). */
export const impliedStroke = (map: Y.Map<unknown>) => map.has(F.stream);

/** Whether the map is a stroke, in either layout. */
export function isStroke(map: Y.Map<unknown>): boolean {
  const type = map.get(F.type);
  return type === 'stroke' || (type === undefined && impliedStroke(map));
}

/**
 * A stroke's header: undefined for a stroke written without one (its fields are all
 * keys), null when its header is one this client cannot read.
 */
export function headerOf(map: Y.Map<unknown>): ParsedHeader | null | undefined {
  const ps = map.get(F.stream);
  if (ps === undefined) return undefined;
  const first = ps instanceof Y.Array && ps.length > 0 ? ps.get(0) : null;
  return first instanceof Uint8Array ? readHeader(first) : null;
}

/** A keys-only stroke's `bb`, or null when absent or malformed (then readers decode the points). */
export function readPointBounds(map: Y.Map<unknown>): PointBounds | null {
  const b = map.get(F.bounds);
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) return null;
  return b[0] <= b[2] && b[1] <= b[3] ? (b as unknown as PointBounds) : null;
}

/** The fields a new stroke is written with. */
export interface NewStroke {
  x: number;
  y: number;
  author: string;
  color: string;
  width: number;
  /** the points carry pressure (false: mouse or touch, see points.ts) */
  pressure: boolean;
  highlighter?: boolean;
  opacity?: number;
}

/**
 * Writes a new stroke into `map` (before it joins the doc, inside the caller's
 * transaction): the points array whose first chunk is the header (with the z) followed
 * by `stream`, and keys only for what the header does not hold or holds inexactly.
 */
export function writeNewStroke(map: Y.Map<unknown>, z: string, s: NewStroke, stream: Uint8Array | null, bounds: PointBounds | null): StrokeHeader {
  const header: StrokeHeader = { x: Math.round(s.x), y: Math.round(s.y), width: Math.round(s.width * 100) / 100, color: s.color, author: s.author, pressure: s.pressure, bounds, z };
  // no `type` or `z` key: the header implies the one and holds the other (two Yjs items fewer)
  if (header.x !== s.x) map.set(F.x, s.x);
  if (header.y !== s.y) map.set(F.y, s.y);
  if (header.width !== s.width) map.set(F.width, s.width);
  if (s.highlighter) map.set(F.highlighter, true);
  if (s.opacity !== undefined && s.opacity !== 1) map.set(F.opacity, s.opacity);
  const first = encodeHeader(header);
  map.set(F.stream, Y.Array.from<Uint8Array>([stream ? concatChunks([first, stream]) : first]));
  return header;
}
