/** A stroke's extent and ink, in its local frame: its points scaled by (sx, sy). */
import type { StrokeData } from '../../../shared/schema.ts';
import { pointsExtent } from '../../board/points.ts';
import { segmentDistance, type Box, type Point } from '../common/local.ts';

/** How wide a stroke's ink is drawn for its width setting (a highlighter is a broad marker). */
export function inkWidth(width: number, highlighter: boolean): number {
  return width * (highlighter ? 3 : 1.5);
}

export const strokeHalfInk = (s: StrokeData) => inkWidth(s.width, !!s.highlighter) / 2;

export function strokeBox(s: StrokeData): Box {
  // stored bounds when the stroke has them (no decoding), else from its points
  const b = s.pointBounds ?? pointsExtent(s.points);
  if (!b) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  const [x0, y0, x1, y1] = b;
  return {
    minX: Math.min(x0 * s.sx, x1 * s.sx),
    minY: Math.min(y0 * s.sy, y1 * s.sy),
    maxX: Math.max(x0 * s.sx, x1 * s.sx),
    maxY: Math.max(y0 * s.sy, y1 * s.sy),
  };
}

/** On its ink: within `reach` of the polyline through its points. */
export function strokeHit(s: StrokeData, p: Point, reach: number): boolean {
  const pts = s.points;
  if (pts.length < 3) return false;
  if (pts.length === 3) return Math.hypot(p.x - pts[0] * s.sx, p.y - pts[1] * s.sy) <= reach;
  for (let i = 3; i + 2 < pts.length; i += 3) {
    if (segmentDistance(p.x, p.y, pts[i - 3] * s.sx, pts[i - 2] * s.sy, pts[i] * s.sx, pts[i + 1] * s.sy) <= reach) return true;
  }
  return false;
}
