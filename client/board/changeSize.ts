/**
 * Sizing a large insert (a board file opened, many shapes pasted) before it is made, so
 * that a change the relay is sure to refuse (past MAX_DOC_BYTES: close 4414) is refused
 * here instead, without the round trip, and one too large for a single WebSocket frame
 * (past MAX_FRAME_BYTES: close 4413, which nothing can recover from by resending) goes
 * out in several transactions.
 *
 * Small inserts are not measured: measuring means building the change once more in a
 * scratch document, worth it only when the change could matter against the limits; the
 * relay still catches whatever slips through (sync/refusals.ts).
 */
import * as Y from 'yjs';
import type { ShapeJSON } from './format.ts';
import { insertShapes } from './serialize.ts';

export interface SizeLimits {
  maxDocBytes: number | null;
  maxFrameBytes: number | null;
}

/** Inserts estimated below this are sent without measuring. */
export const MEASURE_FROM_BYTES = 256 * 1024;
/** A transaction is kept under this share of the frame limit (the estimate per shape is rough). */
const FRAME_SHARE = 0.5;

export type InsertPlan =
  | { ok: true; batches: ShapeJSON[][] }
  /** the board would pass maxDocBytes: `bytes` is the change, `docBytes` the board now */
  | { ok: false; bytes: number; docBytes: number };

/**
 * A generous guess of a shape's encoded size (2-3 bytes a point, up to 3 a character of
 * UTF-8, the map's keys and values), only to decide whether to measure and where to split.
 */
export function roughBytes(s: ShapeJSON): number {
  return 160 + (s.points?.length ?? 0) + (s.text?.length ?? 0) * 3;
}

/** Bytes of the update inserting `shapes` would send (built in a scratch document). */
export function measureInsert(shapes: readonly ShapeJSON[]): number {
  const scratch = new Y.Doc();
  insertShapes(scratch, shapes, { author: 'measure' });
  const bytes = Y.encodeStateAsUpdate(scratch).length;
  scratch.destroy();
  return bytes;
}

export function planInsert(doc: Y.Doc, shapes: ShapeJSON[], limits: SizeLimits): InsertPlan {
  let rough = 0;
  for (const s of shapes) rough += roughBytes(s);
  if (rough < MEASURE_FROM_BYTES || (limits.maxDocBytes === null && limits.maxFrameBytes === null)) return { ok: true, batches: [shapes] };
  const bytes = measureInsert(shapes);
  if (limits.maxDocBytes !== null) {
    // the board as this client holds it; the relay counts its log, which is no smaller
    const docBytes = Y.encodeStateAsUpdateV2(doc).length;
    if (docBytes + bytes > limits.maxDocBytes) return { ok: false, bytes, docBytes };
  }
  return { ok: true, batches: limits.maxFrameBytes !== null ? split(shapes, bytes, rough, limits.maxFrameBytes * FRAME_SHARE) : [shapes] };
}

/** Consecutive runs of shapes (z order kept), each estimated under `budget` bytes. */
function split(shapes: ShapeJSON[], bytes: number, rough: number, budget: number): ShapeJSON[][] {
  if (bytes <= budget) return [shapes];
  // the rough sizes say where the bytes are; scaled so that they add up to the measured total
  const scale = bytes / rough;
  const out: ShapeJSON[][] = [];
  let batch: ShapeJSON[] = [];
  let size = 0;
  for (const s of shapes) {
    const b = roughBytes(s) * scale;
    if (batch.length && size + b > budget) {
      out.push(batch);
      batch = [];
      size = 0;
    }
    batch.push(s);
    size += b;
  }
  if (batch.length) out.push(batch);
  return out;
}
