/** A rectangle on a canvas: rounded corners, fill, outline, label. */
import type { BoxData } from '../../../shared/schema.ts';
import { fillAndOutline, paintText } from '../common/canvas.ts';
import type { PaintOptions } from '../types.ts';

/** Corner radius: 10 px, less on small boxes. */
export const rectRadius = (s: BoxData) => Math.min(10, s.w / 6, s.h / 6);

export function paintRect(c: CanvasRenderingContext2D, s: BoxData, _cache: unknown, opts: PaintOptions): void {
  c.beginPath();
  c.roundRect(0, 0, s.w, s.h, rectRadius(s));
  fillAndOutline(c, s);
  paintText(c, s, 'wrap', opts.withText);
}
