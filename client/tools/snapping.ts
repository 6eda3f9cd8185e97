/**
 * What the select tool and the resize handles snap to: the bounds of the shapes in view
 * (not the ones being moved), and the grid when it is on. Hold Alt to move or resize
 * freely. The threshold is a few screen pixels, so snapping feels the same at any zoom.
 */
import { outlineOf, unionBox, type Box } from '../board/geometry.ts';
import { snapMove, snapPoint, snapTargets, type SnapOptions, type SnapTargets } from '../board/snap.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { Camera } from '../render/camera.ts';
import { gridSetting } from '../render/grid.ts';
import { guidesOf } from '../render/guides.ts';
import type { Overlay } from '../render/overlay.ts';

const SNAP_PX = 8;
/** a board zoomed out over thousands of shapes: the nearest this many are plenty to align with */
const MAX_TARGETS = 3000;

export interface SnapDeps {
  index: ShapeIndex;
  camera: Camera;
  overlay: Overlay;
}

/** Outlines of the shapes in view, except `moving`. */
function targets(d: SnapDeps, moving: ReadonlySet<string>): SnapTargets {
  const stage = d.overlay.layer.getStage();
  const a = d.camera.toBoard(0, 0);
  const b = d.camera.toBoard(stage?.width() ?? 0, stage?.height() ?? 0);
  const out: Box[] = [];
  for (const id of d.index.searchIds({ minX: a.x, minY: a.y, maxX: b.x, maxY: b.y })) {
    if (moving.has(id)) continue;
    const s = d.index.get(id);
    if (s) out.push(outlineOf(s));
    if (out.length >= MAX_TARGETS) break;
  }
  return snapTargets(out);
}

const options = (d: SnapDeps): SnapOptions => ({ threshold: SNAP_PX / d.camera.scale, grid: gridSetting.spacing() });

/** One move gesture of the shapes `ids`, from where they are when it begins. */
export function moveSnapper(d: SnapDeps, ids: string[]) {
  const box = unionBox(ids.flatMap((id) => d.index.get(id) ?? []).map(outlineOf));
  const others = box ? targets(d, new Set(ids)) : snapTargets([]);
  const guides = guidesOf(d.overlay);
  return {
    /** The move (from where the gesture began) after snapping; `free`: Alt held. */
    delta(dx: number, dy: number, free: boolean): { dx: number; dy: number } {
      if (!box || free) {
        guides.set([]);
        return { dx, dy };
      }
      const moved = { minX: box.minX + dx, maxX: box.maxX + dx, minY: box.minY + dy, maxY: box.maxY + dy };
      const s = snapMove(moved, others, options(d));
      guides.set(s.guides);
      return { dx: dx + s.dx, dy: dy + s.dy };
    },
    end: () => guides.set([]),
  };
}

/** One resize gesture: handles snap the axes they move along. */
export function pointSnapper(d: SnapDeps, ids: string[]) {
  const others = targets(d, new Set(ids));
  const guides = guidesOf(d.overlay);
  return {
    point(p: { x: number; y: number }, axes: { x: boolean; y: boolean }, free: boolean): { x: number; y: number } {
      if (free) {
        guides.set([]);
        return p;
      }
      const s = snapPoint(p, axes, others, options(d));
      guides.set(s.guides);
      return { x: s.x, y: s.y };
    },
    end: () => guides.set([]),
  };
}
