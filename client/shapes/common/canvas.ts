/** Canvas helpers the modules' painters share: the outline pen, fills, and text in a box. */
import type { Shape, TextBox } from '../types.ts';
import { fontOf, layoutText, LINE_HEIGHT, PAD } from '../../render/text.ts';
import { fillColor } from './fill.ts';

/** The outline pen: colour, width, round caps, dashes. */
export function setLine(c: CanvasRenderingContext2D, s: Shape): void {
  c.strokeStyle = s.color;
  c.lineWidth = s.width;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.setLineDash(s.dash ? [s.width * 2.5 + 4, s.width * 2 + 6] : []);
}

/** The shape's text: 'fit' from the top left, unwrapped; 'wrap' wrapped to the box and centred in it. */
export function paintText(c: CanvasRenderingContext2D, s: TextBox, layout: 'fit' | 'wrap', withText: boolean): void {
  if (!s.text || !withText) return;
  const fit = layout === 'fit';
  const lines = layoutText(s.text, s.fontSize, fit ? null : Math.max(1, s.w - PAD * 2));
  const lh = s.fontSize * LINE_HEIGHT;
  c.font = fontOf(s.fontSize);
  c.fillStyle = s.color;
  c.textBaseline = 'middle';
  c.setLineDash([]);
  if (fit) {
    c.textAlign = 'left';
    lines.forEach((l, i) => c.fillText(l, 0, lh * (i + 0.5)));
    return;
  }
  c.textAlign = 'center';
  const top = (s.h - lh * lines.length) / 2;
  lines.forEach((l, i) => c.fillText(l, s.w / 2, top + lh * (i + 0.5)));
}

/** Fills the current path with the shape's fill (if any) and strokes it with the outline pen. */
export function fillAndOutline(c: CanvasRenderingContext2D, s: Shape): void {
  const fill = fillColor(s.fill, s.color);
  if (fill) {
    c.fillStyle = fill;
    c.fill();
  }
  setLine(c, s);
  c.stroke();
}
