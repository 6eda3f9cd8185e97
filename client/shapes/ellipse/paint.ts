/** An ellipse on a canvas: fill, outline, label. */
import type { BoxData } from '../../../shared/schema.ts';
import { fillAndOutline, paintText } from '../common/canvas.ts';
import type { PaintOptions } from '../types.ts';

export function paintEllipse(c: CanvasRenderingContext2D, s: BoxData, _cache: unknown, opts: PaintOptions): void {
  c.beginPath();
  c.ellipse(s.w / 2, s.h / 2, s.w / 2, s.h / 2, 0, 0, Math.PI * 2);
  fillAndOutline(c, s);
  paintText(c, s, 'wrap', opts.withText);
}
