/** An arrow on a canvas: the line, then its head, never dashed. */
import type { SegmentData } from '../common/segment.ts';
import { paintLine } from '../line/paint.ts';
import { arrowHead } from './head.ts';

export function paintArrow(c: CanvasRenderingContext2D, s: SegmentData): void {
  paintLine(c, s);
  if (s.w === 0 && s.h === 0 && !s.route) return;
  const [x1, y1, x2, y2, x3, y3] = arrowHead(s);
  c.setLineDash([]);
  c.beginPath();
  c.moveTo(x1, y1);
  c.lineTo(x2, y2);
  c.lineTo(x3, y3);
  c.stroke();
}
