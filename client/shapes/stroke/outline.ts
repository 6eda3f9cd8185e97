/**
 * Stroke geometry: perfect-freehand turns the pen samples into a filled outline
 * polygon, painted as straight segments, or smoothed with quadratic curves through the
 * midpoints when zoomed in (smoothPath; paint.ts picks one by zoom).
 */
import { getStroke } from 'perfect-freehand';
import { inkWidth } from './geometry.ts';

export interface Outline {
  /** the polygon as straight segments (see SMOOTH_ABOVE_SCALE) */
  path: Path2D;
  /** bounds in stroke-local coordinates, for culling */
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Mice report a flat pressure of 0.5 (there is no field for "simulated"), so a stroke
 * whose pressures are all 0.5 gets perfect-freehand's velocity-based pressure, which
 * looks like ink; real pen pressure (anything else, even if constant) is used as is.
 */
function hasFlatPressure(points: readonly number[]): boolean {
  for (let i = 2; i < points.length; i += 3) if (Math.abs(points[i] - 0.5) > 0.01) return false;
  return true;
}

/** Outline polygon of a stroke, flat local points [x, y, p, ...]. */
export function strokePolygon(points: readonly number[], width: number, done: boolean, highlighter = false): number[][] {
  const input: number[][] = [];
  for (let i = 0; i + 2 < points.length; i += 3) input.push([points[i], points[i + 1], points[i + 2]]);
  // A highlighter is a broad marker: even width, no pressure, flat ends.
  if (highlighter) return getStroke(input, { size: inkWidth(width, true), thinning: 0, smoothing: 0.5, streamline: 0.5, simulatePressure: false, last: done });
  return getStroke(input, {
    size: inkWidth(width, false),
    thinning: 0.55,
    smoothing: 0.5,
    streamline: 0.45,
    simulatePressure: hasFlatPressure(points),
    last: done,
  });
}

export function buildOutline(points: readonly number[], width: number, done: boolean, highlighter = false): Outline | null {
  const poly = strokePolygon(points, width, done, highlighter);
  if (poly.length < 2) return null;
  const path = new Path2D();
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const [x, y] of poly) {
    if (x < minX) minX = x;
    if (y < minY) minY = y;
    if (x > maxX) maxX = x;
    if (y > maxY) maxY = y;
  }
  path.moveTo(poly[0][0], poly[0][1]);
  for (let i = 1; i < poly.length; i++) path.lineTo(poly[i][0], poly[i][1]);
  path.closePath();
  return { path, minX, minY, maxX, maxY };
}

/**
 * Above this zoom the straight segments of an outline could show as facets on curves
 * and caps, so the smoothed path is painted; at or below it the two differ by a small
 * fraction of a pixel, and the straight one rasterises much faster (software Skia
 * flattens each quadratic curve into several edges): the first paint of the benchmark
 * board's screen took ~100 ms less (~300 → ~200 ms). The polygon is not kept (tens of
 * thousands of small arrays surviving into the old generation cost GC time): the smooth
 * path is computed again from the points when needed.
 */
export const SMOOTH_ABOVE_SCALE = 2;

/** The polygon smoothed with quadratic curves through the midpoints (for zoomed-in painting). */
export function smoothPath(poly: readonly number[][]): Path2D {
  const n = poly.length;
  const path = new Path2D();
  path.moveTo(poly[0][0], poly[0][1]);
  for (let i = 0; i < n; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % n];
    path.quadraticCurveTo(x0, y0, (x0 + x1) / 2, (y0 + y1) / 2);
  }
  path.closePath();
  return path;
}
