/**
 * Elbow (right-angled) arrows: a route of horizontal and vertical runs between the two
 * ends, as Excalidraw's elbow arrows. A bound end leaves its target through the side
 * facing the other end, square to it, at the anchor's place along that side (the middle
 * for an anchor in the middle); a free end leaves along the main direction of travel.
 * Derived at read time like every bound end (attach.ts), so it needs no fields of its own.
 */
import { anchorOf, BIND_GAP, targetBounds, type BoundEnd } from './attach.ts';
import type { Point } from './local.ts';

/** How far a route runs straight out of a bound side before it turns, board px. */
const STUB = 20;

interface Port {
  p: Point;
  /** the unit direction it leaves in (along an axis); null: free */
  d: Point | null;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** The side of the target facing `toward`: a point just outside it and the outward direction. */
function sidePort(e: BoundEnd, toward: Point): Port {
  const b = targetBounds(e.target);
  const a = anchorOf(e);
  const cx = (b.minX + b.maxX) / 2;
  const cy = (b.minY + b.maxY) / 2;
  const dx = (toward.x - cx) / Math.max(1, (b.maxX - b.minX) / 2);
  const dy = (toward.y - cy) / Math.max(1, (b.maxY - b.minY) / 2);
  if (Math.abs(dx) >= Math.abs(dy)) {
    const s = dx >= 0 ? 1 : -1;
    return { p: { x: s > 0 ? b.maxX + BIND_GAP : b.minX - BIND_GAP, y: clamp(a.y, b.minY, b.maxY) }, d: { x: s, y: 0 } };
  }
  const s = dy >= 0 ? 1 : -1;
  return { p: { x: clamp(a.x, b.minX, b.maxX), y: s > 0 ? b.maxY + BIND_GAP : b.minY - BIND_GAP }, d: { x: 0, y: s } };
}

/** The middle runs between two points leaving in directions dp (from p) and dq (from q). */
function middle(p: Point, dp: Point, q: Point, dq: Point): Point[] {
  const hp = dp.x !== 0;
  const hq = dq.x !== 0;
  if (hp && hq) {
    if ((q.x - p.x) * dp.x > 0 && (p.x - q.x) * dq.x > 0) {
      const mx = (p.x + q.x) / 2;
      return [{ x: mx, y: p.y }, { x: mx, y: q.y }];
    }
    if (dp.x === dq.x) {
      const x = dp.x > 0 ? Math.max(p.x, q.x) : Math.min(p.x, q.x);
      return [{ x, y: p.y }, { x, y: q.y }];
    }
    const my = (p.y + q.y) / 2;
    return [{ x: p.x, y: my }, { x: q.x, y: my }];
  }
  if (!hp && !hq) {
    if ((q.y - p.y) * dp.y > 0 && (p.y - q.y) * dq.y > 0) {
      const my = (p.y + q.y) / 2;
      return [{ x: p.x, y: my }, { x: q.x, y: my }];
    }
    if (dp.y === dq.y) {
      const y = dp.y > 0 ? Math.max(p.y, q.y) : Math.min(p.y, q.y);
      return [{ x: p.x, y }, { x: q.x, y }];
    }
    const mx = (p.x + q.x) / 2;
    return [{ x: mx, y: p.y }, { x: mx, y: q.y }];
  }
  // one horizontal, one vertical: one corner where both can reach it going their way
  const [c1, c2] = hp ? [{ x: q.x, y: p.y }, { x: p.x, y: q.y }] : [{ x: p.x, y: q.y }, { x: q.x, y: p.y }];
  const ok = (c: Point) => (c.x - p.x) * dp.x + (c.y - p.y) * dp.y >= 0 && (c.x - q.x) * dq.x + (c.y - q.y) * dq.y >= 0;
  return [ok(c1) ? c1 : c2];
}

/** Drops repeated points and the middle one of three on one line. */
function simplify(pts: Point[]): Point[] {
  const out: Point[] = [];
  for (const p of pts) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.x - p.x) < 0.01 && Math.abs(last.y - p.y) < 0.01) continue;
    const prev = out[out.length - 2];
    if (prev && last && ((Math.abs(prev.x - last.x) < 0.01 && Math.abs(last.x - p.x) < 0.01) || (Math.abs(prev.y - last.y) < 0.01 && Math.abs(last.y - p.y) < 0.01))) out.pop();
    out.push(p);
  }
  return out;
}

/** The elbow route from start to end, board coordinates, at least two points. */
export function elbowRoute(free: readonly [Point, Point], bound: readonly [BoundEnd | null, BoundEnd | null]): Point[] {
  const aim = [bound[0] ? anchorOf(bound[0]) : free[0], bound[1] ? anchorOf(bound[1]) : free[1]];
  const ports: Port[] = [bound[0] ? sidePort(bound[0], aim[1]) : { p: free[0], d: null }, bound[1] ? sidePort(bound[1], aim[0]) : { p: free[1], d: null }];
  const [p, q] = [ports[0].p, ports[1].p];
  const horiz = Math.abs(q.x - p.x) >= Math.abs(q.y - p.y);
  const sx = Math.sign(q.x - p.x) || 1;
  const sy = Math.sign(q.y - p.y) || 1;
  const dp = ports[0].d ?? (horiz ? { x: sx, y: 0 } : { x: 0, y: sy });
  const dq = ports[1].d ?? (horiz ? { x: -sx, y: 0 } : { x: 0, y: -sy });
  const p1 = ports[0].d ? { x: p.x + dp.x * STUB, y: p.y + dp.y * STUB } : p;
  const q1 = ports[1].d ? { x: q.x + dq.x * STUB, y: q.y + dq.y * STUB } : q;
  const route = simplify([p, p1, ...middle(p1, dp, q1, dq), q1, q]);
  return route.length >= 2 ? route : [p, q];
}
