/**
 * Stroke points codec.
 *
 * Points are flat [x, y, p, ...] relative to the stroke origin, pressure in 0..1.
 * On the wire each point is three zigzag varints: dx, dy (in 1/COORD_SCALE px) and
 * dp (pressure quantised to 0..PRESSURE_SCALE), each a delta from the previous point
 * (the first from 0,0,0). Deltas between pen samples are small, so a point costs
 * about 3 bytes. Because the delta state carries over, chunks encoded one after the
 * other (passing the previous cursor along) concatenate into one valid stream: the
 * author can append chunks while drawing and later join them without re-encoding.
 *
 * Strokes drawn with a mouse or finger have no real pressure (the input layer reports a
 * flat 0.5 and the renderer simulates pressure from velocity). Their stroke map carries
 * `np: true` (F.noPressure) and the stream holds only dx, dy per point: about 2 bytes a
 * point instead of 3. Decoding such a stream yields pressure SIMULATED_PRESSURE (0.5, quantised).
 * Streams of strokes without the flag (every stroke written before it existed, and pen
 * strokes) keep the three-varint layout, so old documents read as before.
 */
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import { COORD_SCALE, PRESSURE_SCALE } from '../../shared/schema.ts';

/** Quantised position of the last encoded point: where the next chunk continues from. */
export interface PointCursor {
  qx: number;
  qy: number;
  qp: number;
}

export const START_CURSOR: PointCursor = Object.freeze({ qx: 0, qy: 0, qp: 0 });

// Zigzag maps small negative and positive ints to small unsigned ints (0,-1,1,-2 -> 0,1,2,3).
// Arithmetic rather than bit ops so deltas beyond 2^31 do not overflow.
const zigzag = (n: number) => (n >= 0 ? n * 2 : -n * 2 - 1);
const unzigzag = (u: number) => (u % 2 === 0 ? u / 2 : -(u + 1) / 2);

/**
 * The pressure of points stored without one (mouse and touch strokes): 0.5 as the
 * triplet layout stores it (128/255), so both layouts of a mouse stroke read the same.
 */
const Q_SIMULATED = Math.round(0.5 * PRESSURE_SCALE);
export const SIMULATED_PRESSURE = Q_SIMULATED / PRESSURE_SCALE;

export const quantizeCoord = (v: number) => Math.round(v * COORD_SCALE);
export const quantizePressure = (p: number) =>
  Math.max(0, Math.min(PRESSURE_SCALE, Math.round(p * PRESSURE_SCALE)));

/**
 * Encodes points continuing from `from`; returns the bytes and the cursor for the next
 * chunk. `pressure` false leaves the pressures out (a stroke with F.noPressure): every
 * chunk of one stream must be encoded the same way.
 */
export function encodePoints(
  points: ArrayLike<number>,
  from: PointCursor = START_CURSOR,
  pressure = true,
): { bytes: Uint8Array; cursor: PointCursor } {
  const enc = encoding.createEncoder();
  let { qx, qy, qp } = from;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = quantizeCoord(points[i]);
    const y = quantizeCoord(points[i + 1]);
    const p = pressure ? quantizePressure(points[i + 2]) : qp;
    encoding.writeVarUint(enc, zigzag(x - qx));
    encoding.writeVarUint(enc, zigzag(y - qy));
    if (pressure) encoding.writeVarUint(enc, zigzag(p - qp));
    qx = x;
    qy = y;
    qp = p;
  }
  return { bytes: encoding.toUint8Array(enc), cursor: { qx, qy, qp } };
}

/** Decodes a stream (or the concatenation of chunks) back to flat [x, y, p, ...]. */
export function decodePoints(bytes: Uint8Array, out: number[] = [], pressure = true): number[] {
  decodeChunk(bytes, out, START_CURSOR, pressure);
  return out;
}

/**
 * Decodes one chunk that continues from `from` (the cursor after the previous chunk),
 * appending to `out`; returns the cursor after it. Lets readers decode only new chunks.
 */
export function decodeChunk(bytes: Uint8Array, out: number[], from: PointCursor, pressure = true): PointCursor {
  const dec = decoding.createDecoder(bytes);
  let { qx, qy, qp } = from;
  if (!pressure) {
    while (decoding.hasContent(dec)) {
      qx += unzigzag(decoding.readVarUint(dec));
      qy += unzigzag(decoding.readVarUint(dec));
      out.push(qx / COORD_SCALE, qy / COORD_SCALE, SIMULATED_PRESSURE);
    }
    return { qx, qy, qp };
  }
  while (decoding.hasContent(dec)) {
    qx += unzigzag(decoding.readVarUint(dec));
    qy += unzigzag(decoding.readVarUint(dec));
    qp += unzigzag(decoding.readVarUint(dec));
    out.push(qx / COORD_SCALE, qy / COORD_SCALE, qp / PRESSURE_SCALE);
  }
  return { qx, qy, qp };
}

/** Whether every pressure is the simulated 0.5 (then the stroke can be stored without pressures). */
export function hasSimulatedPressure(points: ArrayLike<number>): boolean {
  for (let i = 2; i < points.length; i += 3) if (quantizePressure(points[i]) !== Q_SIMULATED) return false;
  return true;
}

/** Joins chunks into one stream (they are already one valid stream back to back). */
export function concatChunks(chunks: readonly Uint8Array[]): Uint8Array {
  let len = 0;
  for (const c of chunks) len += c.length;
  const out = new Uint8Array(len);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** Exact [minX, minY, maxX, maxY] of flat [x, y, p, ...] points; null for none. */
export function pointsExtent(points: ArrayLike<number>): [number, number, number, number] | null {
  if (points.length < 3) return null;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = points[i];
    const y = points[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

/** The points' extent in whole px, rounded outwards: what a finished stroke stores (F.bounds). */
export function pointBounds(points: ArrayLike<number>): [number, number, number, number] | null {
  const e = pointsExtent(points);
  return e && [Math.floor(e[0]), Math.floor(e[1]), Math.ceil(e[2]), Math.ceil(e[3])];
}

/** The cursor at the end of an encoded stream (to continue appending to it). */
export function cursorAtEnd(bytes: Uint8Array, pressure = true): PointCursor {
  return decodeChunk(bytes, [], START_CURSOR, pressure);
}
