/** A stroke as JSON: its points flat [x, y, pressure, ...], scale and highlighter (docs/board-format.md). */
import type * as Y from 'yjs';
import { F, type StrokeData } from '../../../shared/schema.ts';
import { MAX_POINTS, type ShapeJSON } from '../../board/shapeJson.ts';
import { decodePoints, encodePoints, hasSimulatedPressure, pointBounds } from '../../board/points.ts';
import { DEFAULT_COLOR } from '../common/base.ts';
import { baseJson } from '../common/json.ts';
import { writeStyle } from '../common/style.ts';
import type { JsonPlacement } from '../types.ts';
import { writeNewStroke } from './layout.ts';

export function strokeToJson(s: StrokeData): ShapeJSON {
  const out = baseJson(s);
  out.points = s.points.slice();
  if (s.sx !== 1) out.scaleX = s.sx;
  if (s.sy !== 1) out.scaleY = s.sy;
  if (s.highlighter) out.highlighter = true;
  return out;
}

export function checkStrokeJson(j: Readonly<Record<string, unknown>>, fail: (field: string, what: string) => never): void {
  const p = j.points;
  if (!Array.isArray(p) || p.length % 3 !== 0 || p.length > MAX_POINTS * 3 || !p.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    fail('points', `expected a flat array of [x, y, pressure] numbers (at most ${MAX_POINTS} points)`);
  }
}

/** Writes the stroke in the current layout, as a finished stroke. */
export function strokeFromJson(map: Y.Map<unknown>, s: ShapeJSON, at: JsonPlacement): void {
  const points = s.points ?? [];
  // mouse strokes (flat simulated pressure) are stored without pressures
  const pressure = !hasSimulatedPressure(points);
  const { bytes } = encodePoints(points, undefined, pressure);
  // bounds of the points as stored (quantised), as endStroke records them
  const bounds = pointBounds(decodePoints(bytes, [], pressure));
  const stroke = { x: s.x + at.dx, y: s.y + at.dy, author: at.author, color: s.color ?? DEFAULT_COLOR, width: s.width ?? 4, pressure, highlighter: s.highlighter, opacity: s.opacity };
  writeNewStroke(map, at.z, stroke, bytes, bounds);
  if (!bounds) map.set(F.done, true);
  if (s.rotation) map.set(F.rotation, s.rotation);
  writeStyle(map, { dash: s.dash });
  if (s.scaleX !== undefined && s.scaleX !== 1) map.set(F.sx, s.scaleX);
  if (s.scaleY !== undefined && s.scaleY !== 1) map.set(F.sy, s.scaleY);
}
