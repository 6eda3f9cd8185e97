/** A sticky note on a canvas: a coloured card with a soft shadow, its text wrapped and centred. */
import type { BoxData } from '../../../shared/schema.ts';
import { paintText } from '../common/canvas.ts';
import type { PaintOptions } from '../types.ts';

export function paintSticky(c: CanvasRenderingContext2D, s: BoxData, _cache: unknown, opts: PaintOptions): void {
  c.save();
  c.shadowColor = 'rgba(0,0,0,0.18)';
  c.shadowBlur = 10;
  c.shadowOffsetY = 3;
  c.fillStyle = s.bg;
  c.beginPath();
  c.roundRect(0, 0, s.w, s.h, 6);
  c.fill();
  c.restore();
  paintText(c, s, 'wrap', opts.withText);
}
