/** A line in SVG: a line, or a polyline for an elbow route. */
import { lineAttrs, n } from '../common/svg.ts';
import type { SegmentData } from '../common/segment.ts';

export function lineSvg(s: SegmentData): string {
  if (!s.route) return `<line x1="0" y1="0" x2="${n(s.w)}" y2="${n(s.h)}" ${lineAttrs(s)}/>`;
  const pts: string[] = [];
  for (let i = 0; i + 1 < s.route.length; i += 2) pts.push(`${n(s.route[i])},${n(s.route[i + 1])}`);
  return `<polyline points="${pts.join(' ')}" fill="none" ${lineAttrs(s)}/>`;
}
