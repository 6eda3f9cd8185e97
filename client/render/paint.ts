/**
 * Painting one shape on a 2D canvas context in its local frame (the caller applies
 * x, y and rotation). Shared by the Konva views (sceneFunc) and PNG export, so the
 * board and its exports look the same.
 */
import type { BoxData, LineData, ShapeData, StrokeData } from '../../shared/schema.ts';
import { fillColor } from './colors.ts';
import { buildOutline, type Outline } from './outline.ts';
import { fontOf, layoutText, LINE_HEIGHT, PAD } from './text.ts';

/** Per-shape memo of the stroke outline (rebuilt when the points or width change). */
export interface PaintCache {
  outline: Outline | null;
  key: unknown[] | null;
}

export const newPaintCache = (): PaintCache => ({ outline: null, key: null });

export const HIGHLIGHTER_ALPHA = 0.4;

function strokeOutline(s: StrokeData, cache: PaintCache): Outline | null {
  const key = [s.points, s.points.length, s.width, s.done, s.highlighter];
  if (!cache.key || key.some((v, i) => v !== cache.key![i])) {
    cache.outline = s.points.length ? buildOutline(s.points, s.width, s.done, s.highlighter) : null;
    cache.key = key;
  }
  return cache.outline;
}

function paintStroke(c: CanvasRenderingContext2D, s: StrokeData, cache: PaintCache) {
  const o = strokeOutline(s, cache);
  if (!o) return;
  if (s.highlighter) c.globalAlpha *= HIGHLIGHTER_ALPHA;
  if (s.sx !== 1 || s.sy !== 1) c.scale(s.sx, s.sy);
  c.fillStyle = s.color;
  c.fill(o.path);
}

function setLine(c: CanvasRenderingContext2D, s: ShapeData) {
  c.strokeStyle = s.color;
  c.lineWidth = s.width;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.setLineDash(s.dash ? [s.width * 2.5 + 4, s.width * 2 + 6] : []);
}

function paintLabel(c: CanvasRenderingContext2D, s: BoxData, centered: boolean) {
  if (!s.text || hideText) return;
  const inner = Math.max(1, s.w - PAD * 2);
  const lines = layoutText(s.text, s.fontSize, s.type === 'text' ? null : inner);
  const lh = s.fontSize * LINE_HEIGHT;
  c.font = fontOf(s.fontSize);
  c.fillStyle = s.color;
  c.textBaseline = 'middle';
  c.setLineDash([]);
  if (s.type === 'text') {
    c.textAlign = 'left';
    lines.forEach((l, i) => c.fillText(l, 0, lh * (i + 0.5)));
    return;
  }
  c.textAlign = centered ? 'center' : 'left';
  const top = centered ? (s.h - lh * lines.length) / 2 : PAD;
  const x = centered ? s.w / 2 : PAD;
  lines.forEach((l, i) => c.fillText(l, x, top + lh * (i + 0.5)));
}

function paintBox(c: CanvasRenderingContext2D, s: BoxData) {
  if (s.type === 'text') return paintLabel(c, s, false);
  if (s.type === 'sticky') {
    c.save();
    c.shadowColor = 'rgba(0,0,0,0.18)';
    c.shadowBlur = 10;
    c.shadowOffsetY = 3;
    c.fillStyle = s.bg;
    c.beginPath();
    c.roundRect(0, 0, s.w, s.h, 6);
    c.fill();
    c.restore();
    return paintLabel(c, s, true);
  }
  c.beginPath();
  if (s.type === 'rect') c.roundRect(0, 0, s.w, s.h, Math.min(10, s.w / 6, s.h / 6));
  else c.ellipse(s.w / 2, s.h / 2, s.w / 2, s.h / 2, 0, 0, Math.PI * 2);
  const fill = fillColor(s.fill, s.color);
  if (fill) {
    c.fillStyle = fill;
    c.fill();
  }
  setLine(c, s);
  c.stroke();
  paintLabel(c, s, true);
}

/** The two barbs of an arrow head at (x, y) pointing along angle `a`. */
export function arrowHead(s: LineData): [number, number, number, number, number, number] {
  const a = Math.atan2(s.h, s.w);
  const len = Math.min(Math.max(10, s.width * 4), Math.hypot(s.w, s.h) * 0.5 + 4);
  const spread = Math.PI / 7;
  return [
    s.w - len * Math.cos(a - spread),
    s.h - len * Math.sin(a - spread),
    s.w,
    s.h,
    s.w - len * Math.cos(a + spread),
    s.h - len * Math.sin(a + spread),
  ];
}

function paintLine(c: CanvasRenderingContext2D, s: LineData) {
  setLine(c, s);
  c.beginPath();
  c.moveTo(0, 0);
  c.lineTo(s.w, s.h);
  c.stroke();
  if (s.type === 'arrow' && (s.w !== 0 || s.h !== 0)) {
    const [x1, y1, x2, y2, x3, y3] = arrowHead(s);
    c.setLineDash([]);
    c.beginPath();
    c.moveTo(x1, y1);
    c.lineTo(x2, y2);
    c.lineTo(x3, y3);
    c.stroke();
  }
}

let hideText = false;

/**
 * Paints `s` in its local frame; the caller sets up the transform and restores state.
 * `withText` false leaves out the text (it is being edited in a DOM overlay).
 */
export function paintShape(c: CanvasRenderingContext2D, s: ShapeData, cache: PaintCache, withText = true): void {
  hideText = !withText;
  c.globalAlpha *= s.opacity;
  if (s.type === 'stroke') paintStroke(c, s, cache);
  else if (s.type === 'line' || s.type === 'arrow') paintLine(c, s);
  else paintBox(c, s as BoxData);
}
