/**
 * Which shape an arrow or line end dropped at a point binds to (board/bindings.ts): the
 * topmost shape with an outline under the pointer or within a few screen px of it, as in
 * Excalidraw and tldraw; the anchor is where the pointer is in that shape's box (the
 * middle when near it, so the arrow aims at the centre).
 */
import type { Binding } from '../board/bindingField.ts';
import { toLocal } from '../board/geometry.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import { moduleFor } from '../shapes/registry.ts';

/** How close outside a shape an end still binds, screen px. */
export const BIND_PX = 8;
/** Anchors this close to the middle (fraction of the box) aim at the middle. */
const CENTRE = 0.2;

const clamp01 = (v: number) => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0.5);

/** The binding for an end at board point (x, y), or null; `skip` leaves out shapes (the arrow itself, locked ones, the other end's target). */
export function bindingAt(index: ShapeIndex, x: number, y: number, scale: number, skip: (id: string) => boolean): Binding | null {
  for (const s of index.hitAll(x, y, BIND_PX / scale)) {
    const m = moduleFor(s);
    if (!m.outline || skip(s.id)) continue;
    const box = m.localBox(s);
    const l = toLocal(s, x, y);
    let ax = clamp01((l.x - box.minX) / (box.maxX - box.minX));
    let ay = clamp01((l.y - box.minY) / (box.maxY - box.minY));
    if (Math.abs(ax - 0.5) < CENTRE && Math.abs(ay - 0.5) < CENTRE) ax = ay = 0.5;
    return { to: s.id, ax, ay };
  }
  return null;
}
