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

export const quantizeCoord = (v: number) => Math.round(v * COORD_SCALE);
export const quantizePressure = (p: number) =>
  Math.max(0, Math.min(PRESSURE_SCALE, Math.round(p * PRESSURE_SCALE)));

/** Encodes points continuing from `from`; returns the bytes and the cursor for the next chunk. */
export function encodePoints(
  points: ArrayLike<number>,
  from: PointCursor = START_CURSOR,
): { bytes: Uint8Array; cursor: PointCursor } {
  const enc = encoding.createEncoder();
  let { qx, qy, qp } = from;
  for (let i = 0; i + 2 < points.length; i += 3) {
    const x = quantizeCoord(points[i]);
    const y = quantizeCoord(points[i + 1]);
    const p = quantizePressure(points[i + 2]);
    encoding.writeVarUint(enc, zigzag(x - qx));
    encoding.writeVarUint(enc, zigzag(y - qy));
    encoding.writeVarUint(enc, zigzag(p - qp));
    qx = x;
    qy = y;
    qp = p;
  }
  return { bytes: encoding.toUint8Array(enc), cursor: { qx, qy, qp } };
}

/** Decodes a stream (or the concatenation of chunks) back to flat [x, y, p, ...]. */
export function decodePoints(bytes: Uint8Array, out: number[] = []): number[] {
  decodeChunk(bytes, out, START_CURSOR);
  return out;
}

/**
 * Decodes one chunk that continues from `from` (the cursor after the previous chunk),
 * appending to `out`; returns the cursor after it. Lets readers decode only new chunks.
 */
export function decodeChunk(bytes: Uint8Array, out: number[], from: PointCursor): PointCursor {
  const dec = decoding.createDecoder(bytes);
  let { qx, qy, qp } = from;
  while (decoding.hasContent(dec)) {
    qx += unzigzag(decoding.readVarUint(dec));
    qy += unzigzag(decoding.readVarUint(dec));
    qp += unzigzag(decoding.readVarUint(dec));
    out.push(qx / COORD_SCALE, qy / COORD_SCALE, qp / PRESSURE_SCALE);
  }
  return { qx, qy, qp };
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

/** The cursor at the end of an encoded stream (to continue appending to it). */
export function cursorAtEnd(bytes: Uint8Array): PointCursor {
  return decodeChunk(bytes, [], START_CURSOR);
}
