/** A line on a canvas: its segment (or elbow route) with the outline pen. */
import { setLine } from '../common/canvas.ts';
import { segmentPoints, type SegmentData } from '../common/segment.ts';

export function paintLine(c: CanvasRenderingContext2D, s: SegmentData): void {
  setLine(c, s);
  const r = segmentPoints(s);
  c.beginPath();
  c.moveTo(r[0], r[1]);
  for (let i = 2; i + 1 < r.length; i += 2) c.lineTo(r[i], r[i + 1]);
  c.stroke();
}
