/**
 * The keys every reader of a shape's Y.Map needs and that a stroke may leave implied:
 * strokes written with a header carrying their z (strokeHeader.ts) have no `type` or
 * `z` key until a reorder sets one. Kept apart from read.ts so order.ts can use it
 * without an import cycle.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { readHeader, type ParsedHeader } from './strokeHeader.ts';

/**
 * A stroke's header (strokeHeader.ts): undefined for a stroke written without one (its
 * fields are all keys), null when its header is one this client cannot read.
 */
export function headerOf(map: Y.Map<unknown>): ParsedHeader | null | undefined {
  const ps = map.get(F.stream);
  if (ps === undefined) return undefined;
  const first = ps instanceof Y.Array && ps.length > 0 ? ps.get(0) : null;
  return first instanceof Uint8Array ? readHeader(first) : null;
}

/**
 * A shape's type: its `type` key, else 'stroke' for a stroke whose header implies it
 * (strokeHeader.ts: strokes with a header carrying the z have no `type` key).
 */
export function shapeType(map: Y.Map<unknown>): unknown {
  const type = map.get(F.type);
  return type === undefined && map.has(F.stream) ? 'stroke' : type;
}

/** A shape's stacking key: its `z` key (set by a reorder), else its stroke header's; null when it has neither. */
export function shapeZ(map: Y.Map<unknown>): string | null {
  const z = map.get(F.z);
  if (typeof z === 'string') return z;
  return map.has(F.stream) ? (headerOf(map)?.z ?? null) : null;
}
