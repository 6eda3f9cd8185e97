/** An arrow's head: two barbs at its end (w, h), pointing along the shaft. */
import type { LineData } from '../../../shared/schema.ts';

/** The head as a polyline: barb, tip, barb. */
export function arrowHead(s: LineData): [number, number, number, number, number, number] {
  const a = Math.atan2(s.h, s.w);
  const len = Math.min(Math.max(10, s.width * 4), Math.hypot(s.w, s.h) * 0.5 + 4);
  const spread = Math.PI / 7;
  return [
    s.w - len * Math.cos(a - spread),
    s.h - len * Math.sin(a - spread),
    s.w,
    s.h,
    s.w - len * Math.cos(a + spread),
    s.h - len * Math.sin(a + spread),
  ];
}

/** How far past the shaft's ink the head may reach (bounds). */
export const headReach = (s: LineData) => s.width * 3 + 6;
