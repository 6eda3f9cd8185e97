/** An arrow in SVG: the line and its head (never dashed). */
import { lineAttrs, n } from '../common/svg.ts';
import type { SegmentData } from '../common/segment.ts';
import { lineSvg } from '../line/svg.ts';
import { arrowHead } from './head.ts';

export function arrowSvg(s: SegmentData): string {
  const [x1, y1, x2, y2, x3, y3] = arrowHead(s);
  return `${lineSvg(s)}<polyline points="${n(x1)},${n(y1)} ${n(x2)},${n(y2)} ${n(x3)},${n(y3)}" fill="none" ${lineAttrs(s, false)}/>`;
}
