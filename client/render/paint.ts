/**
 * Painting one shape on a 2D canvas context in its local frame (the caller applies
 * x, y and rotation). Shared by the Konva views (sceneFunc) and PNG export, so the
 * board and its exports look the same.
 */
import type { BoxData, LineData, ShapeData, StrokeData } from '../../shared/schema.ts';
import { inkWidth } from '../board/geometry.ts';
import { fillColor } from './colors.ts';
import { buildOutline, smoothPath, strokePolygon, SMOOTH_ABOVE_SCALE, type Outline } from './outline.ts';
import { fontOf, layoutText, LINE_HEIGHT, PAD } from './text.ts';

/** Per-shape memo of the stroke outline (rebuilt when the points or width change). */
export interface PaintCache {
  outline: Outline | null;
  /** the outline smoothed, for zoomed-in painting (SMOOTH_ABOVE_SCALE), same key */
  smooth: Path2D | null;
  key: unknown[] | null;
  /** level-of-detail polyline, for one zoom level (see lodPath) */
  lod: Path2D | null;
  lodKey: unknown[] | null;
}

export const newPaintCache = (): PaintCache => ({ outline: null, smooth: null, key: null, lod: null, lodKey: null });

/**
 * Level of detail: below this zoom, a stroke whose ink is under LOD_MAX_PX screen pixels
 * wide is painted as a simplified centre line (points closer than ~1 screen pixel
 * dropped) with a round pen of the outline's average width, instead of its
 * perfect-freehand outline: a few pixels wide, the two look the same, and the line
 * costs neither the outline computation nor a filled polygon of ~200 vertices.
 */
const LOD_SCALE = 0.5;
const LOD_MAX_PX = 3;

/** Ink width in the stroke's frame: perfect-freehand's size (pen: thinned on average). */
const inkSize = (s: StrokeData) => inkWidth(s.width, !!s.highlighter);

function lodPath(s: StrokeData, cache: PaintCache, scale: number): Path2D {
  // one simplification per power-of-two zoom level
  const level = Math.floor(Math.log2(scale));
  const key = [s.points, s.points.length, level];
  if (cache.lod && cache.lodKey && key.every((v, i) => v === cache.lodKey![i])) return cache.lod;
  // drop points closer than 1 screen px at the largest zoom of this level
  const minBoard = 1 / 2 ** (level + 1);
  const p = s.points;
  const path = new Path2D();
  let lx = p[0];
  let ly = p[1];
  path.moveTo(lx, ly);
  const n = p.length;
  for (let i = 3; i + 2 < n; i += 3) {
    const x = p[i];
    const y = p[i + 1];
    if (i + 3 < n && Math.abs(x - lx) < minBoard && Math.abs(y - ly) < minBoard) continue;
    path.lineTo(x, y);
    lx = x;
    ly = y;
  }
  if (n === 3) path.lineTo(lx + 0.01, ly);
  cache.lod = path;
  cache.lodKey = key;
  return path;
}

function paintStrokeLod(c: CanvasRenderingContext2D, s: StrokeData, cache: PaintCache, scale: number) {
  if (s.highlighter) c.globalAlpha *= HIGHLIGHTER_ALPHA;
  if (s.sx !== 1 || s.sy !== 1) c.scale(s.sx, s.sy);
  c.strokeStyle = s.color;
  c.lineWidth = inkSize(s) * (s.highlighter ? 1 : 0.7);
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.stroke(lodPath(s, cache, scale));
}

export const HIGHLIGHTER_ALPHA = 0.4;

function strokeOutline(s: StrokeData, cache: PaintCache): Outline | null {
  const key = [s.points, s.points.length, s.width, s.done, s.highlighter];
  if (!cache.key || key.some((v, i) => v !== cache.key![i])) {
    cache.outline = s.points.length ? buildOutline(s.points, s.width, s.done, s.highlighter) : null;
    cache.smooth = null;
    cache.key = key;
  }
  return cache.outline;
}

function paintStroke(c: CanvasRenderingContext2D, s: StrokeData, cache: PaintCache, scale: number, lod: boolean, smooth: boolean) {
  if (s.points.length === 0) return;
  if (lod && scale < LOD_SCALE && inkSize(s) * scale * Math.max(Math.abs(s.sx), Math.abs(s.sy)) < LOD_MAX_PX) return paintStrokeLod(c, s, cache, scale);
  const o = strokeOutline(s, cache);
  if (!o) return;
  if (s.highlighter) c.globalAlpha *= HIGHLIGHTER_ALPHA;
  if (s.sx !== 1 || s.sy !== 1) c.scale(s.sx, s.sy);
  c.fillStyle = s.color;
  if (!smooth && scale * Math.max(Math.abs(s.sx), Math.abs(s.sy)) <= SMOOTH_ABOVE_SCALE) c.fill(o.path);
  else c.fill((cache.smooth ??= smoothPath(strokePolygon(s.points, s.width, s.done, s.highlighter))));
}

function setLine(c: CanvasRenderingContext2D, s: ShapeData) {
  c.strokeStyle = s.color;
  c.lineWidth = s.width;
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.setLineDash(s.dash ? [s.width * 2.5 + 4, s.width * 2 + 6] : []);
}

function paintLabel(c: CanvasRenderingContext2D, s: BoxData, centered: boolean, withText: boolean) {
  if (!s.text || !withText) return;
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

function paintBox(c: CanvasRenderingContext2D, s: BoxData, withText: boolean) {
  if (s.type === 'text') return paintLabel(c, s, false, withText);
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
    return paintLabel(c, s, true, withText);
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
  paintLabel(c, s, true, withText);
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

/** How paintShape paints; every field has a default. */
export interface PaintOptions {
  /** false leaves out the text (it is being edited in a DOM overlay); default true */
  withText?: boolean;
  /** the zoom it is painted at (screen px per board px); exports leave it at 1 */
  scale?: number;
  /** below LOD_SCALE thin strokes are simplified; default true (`?lod=off` for the benchmark) */
  lod?: boolean;
  /** smoothed outlines at every zoom, not only above SMOOTH_ABOVE_SCALE (`?outline=smooth` for the benchmark) */
  smooth?: boolean;
}

/** Paints `s` in its local frame; the caller sets up the transform and restores state. */
export function paintShape(c: CanvasRenderingContext2D, s: ShapeData, cache: PaintCache, opts: PaintOptions = {}): void {
  const { withText = true, scale = 1, lod = true, smooth = false } = opts;
  c.globalAlpha *= s.opacity;
  if (s.type === 'stroke') paintStroke(c, s, cache, scale, lod, smooth);
  else if (s.type === 'line' || s.type === 'arrow') paintLine(c, s);
  else paintBox(c, s as BoxData, withText);
}
