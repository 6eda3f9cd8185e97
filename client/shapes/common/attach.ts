/**
 * Where a bound end is (board/bindingField.ts): derived from its target each time the
 * arrow is read, as tldraw does, never stored. A straight arrow aims from one anchor to
 * the other and each bound end stops where that line enters its target's outline (a
 * small gap short of it), so the head touches the edge facing the other end.
 */
import type { Binding } from '../../board/bindingField.ts';
import { toBoard, toLocal, type Box, type Point } from './local.ts';

/** The outline a bound end stops at. */
export type Outline = 'rect' | 'ellipse';

/** What a bound end needs of its target: its frame, its local box and its outline. */
export interface BindTarget {
  x: number;
  y: number;
  rotation: number;
  box: Box;
  outline: Outline;
}

/** A bound end: its binding and the target it found. */
export interface BoundEnd {
  binding: Binding;
  target: BindTarget;
}

/** How far short of the outline a bound end stops, board px (the head's tip stays clear of the outline's ink). */
export const BIND_GAP = 4;

/** The anchor's board point. */
export function anchorOf(e: BoundEnd): Point {
  const { box } = e.target;
  return toBoard(e.target, box.minX + e.binding.ax * (box.maxX - box.minX), box.minY + e.binding.ay * (box.maxY - box.minY));
}

/** The fraction along f→a where the segment enters the box, or null (f inside, or no meeting). */
function boxEntry(f: Point, a: Point, b: Box): number | null {
  let t0 = 0;
  let t1 = 1;
  const dx = a.x - f.x;
  const dy = a.y - f.y;
  // Liang–Barsky: clip the segment against the four sides
  const sides: [number, number][] = [[-dx, f.x - b.minX], [dx, b.maxX - f.x], [-dy, f.y - b.minY], [dy, b.maxY - f.y]];
  for (const [p, q] of sides) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return null;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return null;
      if (r < t1) t1 = r;
    }
  }
  return t0 > 0 ? t0 : null;
}

/** The same for the ellipse inscribed in the box. */
function ellipseEntry(f: Point, a: Point, b: Box): number | null {
  const rx = (b.maxX - b.minX) / 2;
  const ry = (b.maxY - b.minY) / 2;
  if (rx <= 0 || ry <= 0) return null;
  const px = (f.x - (b.minX + rx)) / rx;
  const py = (f.y - (b.minY + ry)) / ry;
  const dx = (a.x - f.x) / rx;
  const dy = (a.y - f.y) / ry;
  const A = dx * dx + dy * dy;
  const C = px * px + py * py - 1;
  if (C <= 0 || A === 0) return null;
  const B = 2 * (px * dx + py * dy);
  const disc = B * B - 4 * A * C;
  if (disc < 0) return null;
  const k = (-B - Math.sqrt(disc)) / (2 * A);
  return k >= 0 && k <= 1 ? k : null;
}

/** Where the segment from → to (board) enters the target's outline grown by `gap`; `to` when it never does (from is inside). */
export function entryPoint(t: BindTarget, from: Point, to: Point, gap: number): Point {
  const f = toLocal(t, from.x, from.y);
  const a = toLocal(t, to.x, to.y);
  const b = { minX: t.box.minX - gap, minY: t.box.minY - gap, maxX: t.box.maxX + gap, maxY: t.box.maxY + gap };
  const k = t.outline === 'ellipse' ? ellipseEntry(f, a, b) : boxEntry(f, a, b);
  return k === null ? to : toBoard(t, f.x + (a.x - f.x) * k, f.y + (a.y - f.y) * k);
}

/** A straight arrow's ends: free ends where they are stored, bound ones on their target's outline, aimed anchor to anchor. */
export function straightEnds(free: readonly [Point, Point], bound: readonly [BoundEnd | null, BoundEnd | null]): [Point, Point] {
  const a0 = bound[0] ? anchorOf(bound[0]) : free[0];
  const a1 = bound[1] ? anchorOf(bound[1]) : free[1];
  return [
    bound[0] ? entryPoint(bound[0].target, a1, a0, BIND_GAP) : a0,
    bound[1] ? entryPoint(bound[1].target, a0, a1, BIND_GAP) : a1,
  ];
}

/** The target's axis-aligned bounds in board coordinates. */
export function targetBounds(t: BindTarget): Box {
  const { box } = t;
  const cs = [toBoard(t, box.minX, box.minY), toBoard(t, box.maxX, box.minY), toBoard(t, box.maxX, box.maxY), toBoard(t, box.minX, box.maxY)];
  return {
    minX: Math.min(...cs.map((c) => c.x)),
    minY: Math.min(...cs.map((c) => c.y)),
    maxX: Math.max(...cs.map((c) => c.x)),
    maxY: Math.max(...cs.map((c) => c.y)),
  };
}
