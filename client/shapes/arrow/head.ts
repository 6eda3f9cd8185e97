/** An arrow's head: two barbs at its end (w, h), pointing along the last run of the shaft. */
import { segmentPoints, type SegmentData } from '../common/segment.ts';

/** The head as a polyline: barb, tip, barb. */
export function arrowHead(s: SegmentData): [number, number, number, number, number, number] {
  const r = segmentPoints(s);
  const n = r.length;
  const [fx, fy, tx, ty] = [r[n - 4], r[n - 3], r[n - 2], r[n - 1]];
  const a = Math.atan2(ty - fy, tx - fx);
  const len = Math.min(Math.max(10, s.width * 4), Math.hypot(tx - fx, ty - fy) * 0.5 + 4);
  const spread = Math.PI / 7;
  return [tx - len * Math.cos(a - spread), ty - len * Math.sin(a - spread), tx, ty, tx - len * Math.cos(a + spread), ty - len * Math.sin(a + spread)];
}

/** How far past the shaft's ink the head may reach (bounds). */
export const headReach = (s: SegmentData) => s.width * 3 + 6;
