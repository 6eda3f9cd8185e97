/**
 * Shape geometry in board coordinates: bounds for the spatial index and exact hit tests
 * for picking, the eraser and the marquee. Each shape's module measures and hits it in
 * its local frame (shapes/common/local.ts: rotation undone around its origin), so rotated
 * shapes hit exactly where they are drawn.
 */
import { toBoard, toLocal, type Box, type Point } from '../shapes/common/local.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';

export { segmentDistance, toBoard, toLocal, type Box, type Point } from '../shapes/common/local.ts';

/** A segment's start and end (where an arrow's head is) in board coordinates. */
export function lineEnds(s: Shape & { w: number; h: number }): [Point, Point] {
  return [toBoard(s, 0, 0), toBoard(s, s.w, s.h)];
}

/** Half the visible ink thickness (what a pick within counts as "on the line"). */
export const halfInk = (s: Shape) => moduleFor(s).halfInk(s);

/** The geometric extent in the local frame, without ink. */
export const localBox = (s: Shape): Box => moduleFor(s).localBox(s);

/** The four corners (board coordinates) of the local box grown by `pad`: the oriented outline. */
export function corners(s: Shape, pad = 0): Point[] {
  const b = localBox(s);
  return [
    toBoard(s, b.minX - pad, b.minY - pad),
    toBoard(s, b.maxX + pad, b.minY - pad),
    toBoard(s, b.maxX + pad, b.maxY + pad),
    toBoard(s, b.minX - pad, b.maxY + pad),
  ];
}

/** Axis-aligned bounds in board coordinates, including ink (and what reaches past it: arrow heads). */
export function boundsOf(s: Shape): Box {
  const m = moduleFor(s);
  return boxOf(s, m.boundsPad ? m.boundsPad(s) : m.halfInk(s));
}

/** Axis-aligned bounds of the geometry alone (what snapping lines up: the outline people see as the shape's box). */
export const outlineOf = (s: Shape): Box => boxOf(s, 0);

function boxOf(s: Shape, pad: number): Box {
  if (!s.rotation) {
    // most shapes: the local box moved by the origin (no corners to rotate)
    const b = localBox(s);
    return { minX: s.x + b.minX - pad, minY: s.y + b.minY - pad, maxX: s.x + b.maxX + pad, maxY: s.y + b.maxY + pad };
  }
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const c of corners(s, pad)) {
    minX = Math.min(minX, c.x);
    minY = Math.min(minY, c.y);
    maxX = Math.max(maxX, c.x);
    maxY = Math.max(maxY, c.y);
  }
  return { minX, minY, maxX, maxY };
}

export function unionBox(boxes: Iterable<Box>): Box | null {
  let out: Box | null = null;
  for (const b of boxes) {
    if (!out) out = { ...b };
    else {
      out.minX = Math.min(out.minX, b.minX);
      out.minY = Math.min(out.minY, b.minY);
      out.maxX = Math.max(out.maxX, b.maxX);
      out.maxY = Math.max(out.maxY, b.maxY);
    }
  }
  return out;
}

/**
 * Whether the board point (px, py) touches the shape, within `tol` board px. Closed
 * shapes count their inside, as in tldraw, so a click anywhere in a box picks it; lines
 * and strokes count their ink.
 */
export function hitTest(s: Shape, px: number, py: number, tol: number): boolean {
  const m = moduleFor(s);
  return m.hit(s, toLocal(s, px, py), m.halfInk(s) + tol);
}

/** Whether the shape's bounds lie entirely inside the rectangle (marquee selection). */
export function insideBox(s: Shape, r: Box): boolean {
  const b = boundsOf(s);
  return b.minX >= r.minX && b.minY >= r.minY && b.maxX <= r.maxX && b.maxY <= r.maxY;
}

export function normalizeBox(ax: number, ay: number, bx: number, by: number): Box {
  return { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
}
