/** A line on a canvas: one segment with the outline pen. */
import type { LineData } from '../../../shared/schema.ts';
import { setLine } from '../common/canvas.ts';

export function paintLine(c: CanvasRenderingContext2D, s: LineData): void {
  setLine(c, s);
  c.beginPath();
  c.moveTo(0, 0);
  c.lineTo(s.w, s.h);
  c.stroke();
}
