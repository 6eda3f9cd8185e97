/** Z ordering: fractional-index keys, so concurrent inserts and reorders merge. */
import type * as Y from 'yjs';
import { generateKeyBetween } from 'fractional-indexing';
import { F } from '../../shared/schema.ts';

/** A key greater than every shape's z: new shapes go on top. */
export function nextZ(shapes: Y.Map<Y.Map<unknown>>): string {
  let max: string | null = null;
  for (const shape of shapes.values()) {
    const z = shape.get(F.z);
    if (typeof z === 'string' && (max === null || z > max)) max = z;
  }
  try {
    return generateKeyBetween(max, null);
  } catch {
    // A peer wrote a key this library cannot parse. Any extension of it still sorts
    // above it as a plain string, which is all the renderer compares.
    return `${max}V`;
  }
}

/**
 * Total order of shapes: by z, then by id, because two peers that add a shape at
 * the same time compute the same "next" key.
 */
export function compareShapes(a: { z: string; id: string }, b: { z: string; id: string }): number {
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
