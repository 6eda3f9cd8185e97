/**
 * Snapping, as Excalidraw and tldraw do it: a box being moved (or a corner or edge being
 * resized) is pulled onto the edges and centres of other shapes when it comes within a
 * few screen pixels of them, and alignment guides show what it lines up with. With the
 * grid on, an axis that found no shape to snap to snaps to the grid instead. Pure:
 * the tools pass the boxes (board coordinates) and draw the guides.
 */
import type { Box } from './geometry.ts';

/** A guide line: for axis 'x' a vertical line at x = `at` from y = `from` to `to`; for 'y' horizontal. */
export interface Guide {
  axis: 'x' | 'y';
  at: number;
  from: number;
  to: number;
}

export interface SnapOptions {
  /** how far (board units) a line may be pulled: a few screen px over the zoom */
  threshold: number;
  /** grid spacing in board units, null when the grid is off */
  grid: number | null;
}

/** same line: what floating-point moves leave as a difference */
const SAME = 1e-6;

const xsOf = (b: Box) => [b.minX, (b.minX + b.maxX) / 2, b.maxX];
const ysOf = (b: Box) => [b.minY, (b.minY + b.maxY) / 2, b.maxY];

/** What a gesture snaps to: the other shapes' boxes and their lines, gathered once per gesture, not per pointer frame. */
export interface SnapTargets {
  boxes: Box[];
  xs: number[];
  ys: number[];
}

export const snapTargets = (boxes: Box[]): SnapTargets => ({ boxes, xs: boxes.flatMap(xsOf), ys: boxes.flatMap(ysOf) });

/** The smallest pull (within the threshold) taking one of `mine` onto one of `theirs`, or null. */
function nearest(mine: number[], theirs: number[], threshold: number): number | null {
  let best: number | null = null;
  for (const m of mine) {
    for (const t of theirs) {
      const d = t - m;
      if (Math.abs(d) <= threshold && (best === null || Math.abs(d) < Math.abs(best))) best = d;
    }
  }
  return best;
}

const toGrid = (v: number, grid: number) => Math.round(v / grid) * grid - v;

/** Guides through every line of `others` that one of `mine` now lies on, spanning both boxes. */
function guidesFor(axis: 'x' | 'y', box: Box, mine: number[], others: Box[]): Guide[] {
  const byLine = new Map<number, Guide>();
  const of = axis === 'x' ? xsOf : ysOf;
  for (const o of others) {
    for (const t of of(o)) {
      if (!mine.some((m) => Math.abs(m - t) < SAME)) continue;
      const [from, to] = axis === 'x' ? [Math.min(box.minY, o.minY), Math.max(box.maxY, o.maxY)] : [Math.min(box.minX, o.minX), Math.max(box.maxX, o.maxX)];
      const key = Math.round(t * 1e4) / 1e4;
      const g = byLine.get(key);
      if (g) {
        g.from = Math.min(g.from, from);
        g.to = Math.max(g.to, to);
      } else byLine.set(key, { axis, at: t, from, to });
    }
  }
  return [...byLine.values()];
}

/**
 * How far to shift a box being moved so its edges or centre meet the nearest line of
 * `others` (each axis on its own), and the guides it then lines up on.
 */
export function snapMove(box: Box, t: SnapTargets, o: SnapOptions): { dx: number; dy: number; guides: Guide[] } {
  let dx = nearest(xsOf(box), t.xs, o.threshold);
  let dy = nearest(ysOf(box), t.ys, o.threshold);
  const snappedX = dx !== null;
  const snappedY = dy !== null;
  if (dx === null) dx = o.grid ? toGrid(box.minX, o.grid) : 0;
  if (dy === null) dy = o.grid ? toGrid(box.minY, o.grid) : 0;
  const moved = { minX: box.minX + dx, maxX: box.maxX + dx, minY: box.minY + dy, maxY: box.maxY + dy };
  const guides = [
    ...(snappedX ? guidesFor('x', moved, xsOf(moved), t.boxes) : []),
    ...(snappedY ? guidesFor('y', moved, ysOf(moved), t.boxes) : []),
  ];
  return { dx, dy, guides };
}

/**
 * Where a resize handle being dragged to `p` goes: each axis it moves along (`axes`) is
 * pulled onto the nearest edge or centre line of `others`, else onto the grid.
 */
export function snapPoint(p: { x: number; y: number }, axes: { x: boolean; y: boolean }, t: SnapTargets, o: SnapOptions): { x: number; y: number; guides: Guide[] } {
  const pull = (v: number, lines: number[], on: boolean) => {
    if (!on) return { v, snapped: false };
    const d = nearest([v], lines, o.threshold);
    if (d !== null) return { v: v + d, snapped: true };
    return { v: o.grid ? v + toGrid(v, o.grid) : v, snapped: false };
  };
  const x = pull(p.x, t.xs, axes.x);
  const y = pull(p.y, t.ys, axes.y);
  const dot = { minX: x.v, maxX: x.v, minY: y.v, maxY: y.v };
  const guides = [...(x.snapped ? guidesFor('x', dot, [x.v], t.boxes) : []), ...(y.snapped ? guidesFor('y', dot, [y.v], t.boxes) : [])];
  return { x: x.v, y: y.v, guides };
}
