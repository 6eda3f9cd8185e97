/**
 * The two end handles of a shape edited by its ends (a line or arrow: its module has
 * `ends`) when it is selected alone, instead of the Transformer's box, as in Excalidraw
 * and tldraw: the select tool drags them (tools/select.ts), this paints them on the
 * overlay.
 */
import type { Point } from '../board/geometry.ts';
import { moduleFor } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { ACCENT, type OverlayPainter } from './overlay.ts';

/** Handle radius and grab distance, screen px. */
export const HANDLE_PX = 6;
export const HANDLE_GRAB_PX = 10;

/** A shape with end handles and where its ends are (board coordinates). */
export interface EndsShape {
  id: string;
  ends: [Point, Point];
}

/** The selection's shape when it is the only one selected and is edited by its ends. */
export function soleEnds(selected: readonly (Shape | undefined)[]): EndsShape | null {
  const s = selected.length === 1 ? selected[0] : undefined;
  const ends = s && moduleFor(s).ends;
  return s && ends ? { id: s.id, ends: ends.get(s) } : null;
}

/** Which end is within grab distance of the board point, if any. */
export function endAt(shape: EndsShape, p: Point, scale: number): 0 | 1 | null {
  const d = shape.ends.map((e) => Math.hypot(e.x - p.x, e.y - p.y) * scale);
  const i = d[1] <= d[0] ? 1 : 0;
  return d[i] <= HANDLE_GRAB_PX ? i : null;
}

/** Paints the handles of the shape `current()` returns (null: none selected). */
export function lineHandlesPainter(current: () => EndsShape | null): OverlayPainter {
  return (c, scale) => {
    const shape = current();
    if (!shape) return false;
    c.lineWidth = 1.5 / scale;
    c.strokeStyle = ACCENT;
    c.fillStyle = '#fff';
    for (const e of shape.ends) {
      c.beginPath();
      c.arc(e.x, e.y, HANDLE_PX / scale, 0, Math.PI * 2);
      c.fill();
      c.stroke();
    }
    return false;
  };
}
