/**
 * The stacking key every reader of a shape's map needs, which a shape may leave implied
 * (strokes written with a header carrying their z have no `z` key until a reorder sets
 * one). Kept apart from read.ts so order.ts can use it without an import cycle.
 */
import type * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { moduleOfMap } from '../shapes/registry.ts';

/** A shape's type as its module names it, or undefined when this client does not know it. */
export function shapeType(map: Y.Map<unknown>): string | undefined {
  return moduleOfMap(map)?.type;
}

/** A shape's stacking key: its `z` key (set by a reorder), else the one its module says the map implies; null when it has neither. */
export function shapeZ(map: Y.Map<unknown>): string | null {
  const z = map.get(F.z);
  if (typeof z === 'string') return z;
  return moduleOfMap(map)?.impliedKeys?.(map)?.z ?? null;
}
