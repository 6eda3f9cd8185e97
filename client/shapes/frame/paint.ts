/** A frame on a canvas: a thin border and its name above it, cut to its width. */
import { fontOf } from '../../render/text.ts';
import type { PaintOptions } from '../types.ts';
import type { FrameShape } from './index.ts';
import { frameLabel, LABEL_FONT, LABEL_H } from './label.ts';

export const FRAME_BORDER = '#adb5bd';
export const FRAME_LABEL = '#6b7280';

export function paintFrame(c: CanvasRenderingContext2D, s: FrameShape, _cache: unknown, opts: PaintOptions): void {
  c.beginPath();
  c.rect(0, 0, s.w, s.h);
  c.strokeStyle = FRAME_BORDER;
  // a hairline at any zoom
  c.lineWidth = 1 / Math.max(opts.scale, 1e-3);
  c.setLineDash([]);
  c.stroke();
  if (!opts.withText) return;
  c.save();
  c.beginPath();
  c.rect(0, -LABEL_H, s.w, LABEL_H);
  c.clip();
  c.font = fontOf(LABEL_FONT);
  c.fillStyle = FRAME_LABEL;
  c.textAlign = 'left';
  c.textBaseline = 'alphabetic';
  c.fillText(frameLabel(s), 0, -6);
  c.restore();
}
