/** An image on a canvas: the best decoded copy of its file for the zoom (images/cache.ts), else a placeholder. */
import { imageSource } from '../../images/cache.ts';
import type { PaintOptions } from '../types.ts';
import type { ImageShape } from './index.ts';

const dpr = () => (typeof window !== 'undefined' && window.devicePixelRatio) || 1;

export function paintImage(c: CanvasRenderingContext2D, s: ImageShape, _cache: unknown, opts: PaintOptions): void {
  const [x0, y0, x1, y1] = s.crop ?? [0, 0, 1, 1];
  // pixels of the whole file on screen, on its long side
  const need = Math.max(s.w / (x1 - x0), s.h / (y1 - y0)) * opts.scale * dpr();
  const src = s.file ? imageSource(s.file, need, { w: s.naturalW, h: s.naturalH }, s.previews) : null;
  if (src) {
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = 'high';
    c.drawImage(src, x0 * src.width, y0 * src.height, (x1 - x0) * src.width, (y1 - y0) * src.height, 0, 0, s.w, s.h);
    return;
  }
  // still loading, or not on this board: a quiet frame where it will be
  c.beginPath();
  c.rect(0, 0, s.w, s.h);
  c.fillStyle = 'rgba(134, 142, 150, 0.15)';
  c.fill();
  c.strokeStyle = 'rgba(134, 142, 150, 0.6)';
  c.lineWidth = 1 / Math.max(opts.scale, 1e-3);
  c.stroke();
}
