/** Reading a stroke, in either layout (layout.ts), its points decoded no sooner than needed. */
import * as Y from 'yjs';
import { F, type StrokeData } from '../../../shared/schema.ts';
import { clampNum, RANGES } from '../../board/sanitize.ts';
import type { ParsedHeader } from '../../board/strokeHeader.ts';
import { readBase } from '../common/base.ts';
import { headerOf, isStroke, NO_PRESSURE, readPointBounds } from './layout.ts';
import { readPoints, type PointsCache } from './pointsCache.ts';

const SCALE = RANGES.scale;

/** The fields of a stroke without its points (cheap: no decoding). */
export function readStrokeFields(id: string, map: Y.Map<unknown>): Omit<StrokeData, 'points'> | null {
  return map instanceof Y.Map ? strokeFields(id, map, headerOf(map)) : null;
}

/** A stroke with its points from `cache` (see withPoints), its header read once. */
export function readWholeStroke(id: string, map: Y.Map<unknown>, cache: PointsCache): StrokeData | null {
  const header = headerOf(map);
  const fields = strokeFields(id, map, header);
  return fields && withPoints(fields, map, cache, header ?? undefined);
}

function strokeFields(id: string, map: Y.Map<unknown>, header: ParsedHeader | null | undefined): Omit<StrokeData, 'points'> | null {
  if (!isStroke(map) || header === null) return null;
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
