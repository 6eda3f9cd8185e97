/**
 * Pure shape geometry in board coordinates: bounds for the spatial index and exact
 * hit tests for picking, the eraser and the marquee. Everything is computed in the
 * shape's local frame (undo the rotation around its origin), so rotated shapes hit
 * exactly where they are drawn.
 */
import type { ShapeData } from '../../shared/schema.ts';
import { pointsExtent } from './points.ts';

export interface Box {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export type Point = { x: number; y: number };

const RAD = Math.PI / 180;

/** Board point -> the shape's local frame (origin at (x, y), unrotated). */
export function toLocal(s: ShapeData, px: number, py: number): Point {
  const dx = px - s.x;
  const dy = py - s.y;
  if (!s.rotation) return { x: dx, y: dy };
  const c = Math.cos(-s.rotation * RAD);
  const n = Math.sin(-s.rotation * RAD);
  return { x: dx * c - dy * n, y: dx * n + dy * c };
}

/** Local point -> board. */
export function toBoard(s: ShapeData, lx: number, ly: number): Point {
  if (!s.rotation) return { x: s.x + lx, y: s.y + ly };
  const c = Math.cos(s.rotation * RAD);
  const n = Math.sin(s.rotation * RAD);
  return { x: s.x + lx * c - ly * n, y: s.y + lx * n + ly * c };
}

/** A line's or arrow's start and end (where the head is) in board coordinates. */
export function lineEnds(s: ShapeData & { w: number; h: number }): [Point, Point] {
  return [toBoard(s, 0, 0), toBoard(s, s.w, s.h)];
}

/** How wide a stroke's ink is drawn for its width setting (a highlighter is a broad marker). */
export function inkWidth(width: number, highlighter: boolean): number {
  return width * (highlighter ? 3 : 1.5);
}

/** Half the visible stroke thickness (what a pick within counts as "on the line"). */
export function halfInk(s: ShapeData): number {
  return s.type === 'stroke' ? inkWidth(s.width, !!s.highlighter) / 2 : s.width / 2;
}

/** The geometric extent in the local frame, without stroke thickness. */
export function localBox(s: ShapeData): Box {
  if (s.type === 'stroke') {
    // stored bounds when the stroke has them (no decoding), else from its points
    const b = s.pointBounds ?? pointsExtent(s.points);
    if (!b) return { minX: 0, minY: 0, maxX: 0, maxY: 0 };
    const [x0, y0, x1, y1] = b;
    return {
      minX: Math.min(x0 * s.sx, x1 * s.sx),
      minY: Math.min(y0 * s.sy, y1 * s.sy),
      maxX: Math.max(x0 * s.sx, x1 * s.sx),
      maxY: Math.max(y0 * s.sy, y1 * s.sy),
    };
  }
  return { minX: Math.min(0, s.w), minY: Math.min(0, s.h), maxX: Math.max(0, s.w), maxY: Math.max(0, s.h) };
}

/** The four corners (board coordinates) of the local box grown by `pad`: the oriented outline. */
export function corners(s: ShapeData, pad = 0): Point[] {
  const b = localBox(s);
  return [
    toBoard(s, b.minX - pad, b.minY - pad),
    toBoard(s, b.maxX + pad, b.minY - pad),
    toBoard(s, b.maxX + pad, b.maxY + pad),
    toBoard(s, b.minX - pad, b.maxY + pad),
  ];
}

/** Axis-aligned bounds in board coordinates, including stroke thickness (plus arrow heads). */
export function boundsOf(s: ShapeData): Box {
  const pad = halfInk(s) + (s.type === 'arrow' ? s.width * 3 + 6 : 0);
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

/** Distance from p to the segment a-b. */
export function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/**
 * Whether the board point (px, py) touches the shape, within `tol` board px. Closed
 * shapes (rect, ellipse, text, sticky) count their inside, as in tldraw, so a click
 * anywhere in a box picks it; lines and strokes count their ink.
 */
export function hitTest(s: ShapeData, px: number, py: number, tol: number): boolean {
  const p = toLocal(s, px, py);
  const ink = halfInk(s) + tol;
  switch (s.type) {
    case 'stroke': {
      const pts = s.points;
      if (pts.length < 3) return false;
      if (pts.length === 3) return Math.hypot(p.x - pts[0] * s.sx, p.y - pts[1] * s.sy) <= ink;
      for (let i = 3; i + 2 < pts.length; i += 3) {
        if (segmentDistance(p.x, p.y, pts[i - 3] * s.sx, pts[i - 2] * s.sy, pts[i] * s.sx, pts[i + 1] * s.sy) <= ink) return true;
      }
      return false;
    }
    case 'line':
    case 'arrow':
      return segmentDistance(p.x, p.y, 0, 0, s.w, s.h) <= ink;
    case 'ellipse': {
      const rx = s.w / 2 + ink;
      const ry = s.h / 2 + ink;
      const nx = (p.x - s.w / 2) / rx;
      const ny = (p.y - s.h / 2) / ry;
      return nx * nx + ny * ny <= 1;
    }
    default:
      return p.x >= -ink && p.y >= -ink && p.x <= s.w + ink && p.y <= s.h + ink;
  }
}

/** Whether the shape's bounds lie entirely inside the rectangle (marquee selection). */
export function insideBox(s: ShapeData, r: Box): boolean {
  const b = boundsOf(s);
  return b.minX >= r.minX && b.minY >= r.minY && b.maxX <= r.maxX && b.maxY <= r.maxY;
}

export function normalizeBox(ax: number, ay: number, bx: number, by: number): Box {
  return { minX: Math.min(ax, bx), minY: Math.min(ay, by), maxX: Math.max(ax, bx), maxY: Math.max(ay, by) };
}
