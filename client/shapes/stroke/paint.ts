/**
 * Painting a stroke on a canvas: its perfect-freehand outline (outline.ts), memoised per
 * shape, or at low zoom a simplified centre line.
 */
import type { StrokeData } from '../../../shared/schema.ts';
import type { PaintOptions } from '../types.ts';
import { inkWidth } from './geometry.ts';
import { buildOutline, smoothPath, strokePolygon, SMOOTH_ABOVE_SCALE, type Outline } from './outline.ts';

/** Highlighter strokes are painted (and exported) at this alpha. */
export const HIGHLIGHTER_ALPHA = 0.4;

/** Per-shape memo of the stroke outline (rebuilt when the points or width change). */
export interface StrokePaintCache {
  outline: Outline | null;
  /** the outline smoothed, for zoomed-in painting (SMOOTH_ABOVE_SCALE), same key */
  smooth: Path2D | null;
  key: unknown[] | null;
  /** level-of-detail polyline, for one zoom level (see lodPath) */
  lod: Path2D | null;
  lodKey: unknown[] | null;
}

export const newStrokePaintCache = (): StrokePaintCache => ({ outline: null, smooth: null, key: null, lod: null, lodKey: null });

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

function lodPath(s: StrokeData, cache: StrokePaintCache, scale: number): Path2D {
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

function paintStrokeLod(c: CanvasRenderingContext2D, s: StrokeData, cache: StrokePaintCache, scale: number) {
  if (s.highlighter) c.globalAlpha *= HIGHLIGHTER_ALPHA;
  if (s.sx !== 1 || s.sy !== 1) c.scale(s.sx, s.sy);
  c.strokeStyle = s.color;
  c.lineWidth = inkSize(s) * (s.highlighter ? 1 : 0.7);
  c.lineCap = 'round';
  c.lineJoin = 'round';
  c.stroke(lodPath(s, cache, scale));
}

function strokeOutline(s: StrokeData, cache: StrokePaintCache): Outline | null {
  const key = [s.points, s.points.length, s.width, s.done, s.highlighter];
  if (!cache.key || key.some((v, i) => v !== cache.key![i])) {
    cache.outline = s.points.length ? buildOutline(s.points, s.width, s.done, s.highlighter) : null;
    cache.smooth = null;
    cache.key = key;
  }
  return cache.outline;
}

export function paintStroke(c: CanvasRenderingContext2D, s: StrokeData, cache: StrokePaintCache, { scale, lod, smooth }: PaintOptions): void {
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
