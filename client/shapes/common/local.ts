/**
 * A shape's local frame: origin at (x, y), unrotated. Modules measure and hit shapes
 * there; board/geometry.ts turns that into board coordinates.
 */
export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type Point = { x: number; y: number };

/** What the frame needs of a shape. */
interface Placed {
  x: number;
  y: number;
  rotation: number;
}

const RAD = Math.PI / 180;

/** Board point -> the shape's local frame (origin at (x, y), unrotated). */
export function toLocal(s: Placed, px: number, py: number): Point {
  const dx = px - s.x;
  const dy = py - s.y;
  if (!s.rotation) return { x: dx, y: dy };
  const c = Math.cos(-s.rotation * RAD);
  const n = Math.sin(-s.rotation * RAD);
  return { x: dx * c - dy * n, y: dx * n + dy * c };
}

/** Local point -> board. */
export function toBoard(s: Placed, lx: number, ly: number): Point {
  if (!s.rotation) return { x: s.x + lx, y: s.y + ly };
  const c = Math.cos(s.rotation * RAD);
  const n = Math.sin(s.rotation * RAD);
  return { x: s.x + lx * c - ly * n, y: s.y + lx * n + ly * c };
}

/** The box spanned by (0, 0) and (w, h), either of which may be negative (a line's end). */
export function spanBox(w: number, h: number): Box {
  return { minX: Math.min(0, w), minY: Math.min(0, h), maxX: Math.max(0, w), maxY: Math.max(0, h) };
}

/** Distance from p to the segment a-b. */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}
