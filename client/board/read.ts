/** Reading shapes out of the document as plain data, each by its type's module (shapes/registry.ts). */
import * as Y from 'yjs';
import { F, type StrokeData } from '../../shared/schema.ts';
import { moduleOfMap, type AnyShape } from '../shapes/registry.ts';
import { bindTarget } from './bindings.ts';
import { readWholeStroke } from '../shapes/stroke/read.ts';
import { newPointsCache, type PointsCache } from '../shapes/stroke/pointsCache.ts';
import { compareShapes } from './order.ts';
import { safeCoord } from './sanitize.ts';
import { shapesMap } from './strokes.ts';

export { DEFAULT_COLOR, DEFAULT_FONT_SIZE, DEFAULT_STICKY_BG, readText } from '../shapes/common/base.ts';
export { newPointsCache, readPoints, type PointsCache } from '../shapes/stroke/pointsCache.ts';
export { readStrokeFields } from '../shapes/stroke/read.ts';

/** A shape's origin: its keys, else those its module says the map implies (a stroke's header). */
export function readOrigin(map: Y.Map<unknown>): { x: number; y: number } {
  const h = moduleOfMap(map)?.impliedKeys?.(map);
  return { x: safeCoord(map.get(F.x), safeCoord(h?.x)), y: safeCoord(map.get(F.y), safeCoord(h?.y)) };
}

/**
 * Any shape as plain data, or null if this client does not understand it. Stroke points
 * come from `cache` (updated here), so a growing stroke decodes only its new chunks.
 */
export function readShape(id: string, map: Y.Map<unknown>, cache: PointsCache = newPointsCache()): AnyShape | null {
  if (!(map instanceof Y.Map)) return null;
  const module = moduleOfMap(map);
  const s = module?.read(id, map, cache) ?? null;
  // ends bound to other shapes are placed on them (board/bindings.ts)
  const placed = s && module?.attach ? module.attach(s, (to) => bindTarget(map, id, to)) : s;
  // the registry hands each map to its own module, whose data is one of AnyShape
  return placed as AnyShape | null;
}

/** One shape as StrokeData, or null if absent or not a stroke this client understands. */
export function readStroke(doc: Y.Doc, id: string, cache: PointsCache = newPointsCache()): StrokeData | null {
  const map = shapesMap(doc).get(id);
  return map instanceof Y.Map ? readWholeStroke(id, map, cache) : null;
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
export function readAllShapes(doc: Y.Doc): AnyShape[] {
  const out: AnyShape[] = [];
  for (const [id, map] of shapesMap(doc)) {
    const s = readShape(id, map);
    if (s) out.push(s);
  }
  return out.sort(compareShapes);
}
