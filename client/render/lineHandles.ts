/**
 * The two end handles of a selected line or arrow (instead of the Transformer's box,
 * as in Excalidraw and tldraw): the select tool drags them (tools/select.ts), this
 * paints them on the overlay.
 */
import { lineEnds, type Point } from '../board/geometry.ts';
import type { LineData, ShapeData } from '../../shared/schema.ts';
import { ACCENT, type OverlayPainter } from './overlay.ts';

/** Handle radius and grab distance, screen px. */
export const HANDLE_PX = 6;
export const HANDLE_GRAB_PX = 10;

/** The selection's line or arrow when it is the only shape selected: it gets end handles. */
export function soleLine(selected: readonly (ShapeData | undefined)[]): LineData | null {
  const s = selected.length === 1 ? selected[0] : undefined;
  return s && (s.type === 'line' || s.type === 'arrow') ? s : null;
}

/** Which end of `line` is within grab distance of the board point, if any. */
export function endAt(line: LineData, p: Point, scale: number): 0 | 1 | null {
  const ends = lineEnds(line);
  const d = ends.map((e) => Math.hypot(e.x - p.x, e.y - p.y) * scale);
  const i = d[1] <= d[0] ? 1 : 0;
  return d[i] <= HANDLE_GRAB_PX ? i : null;
}

/** Paints the handles of the line `current()` returns (null: none selected). */
export function lineHandlesPainter(current: () => LineData | null): OverlayPainter {
  return (c, scale) => {
    const line = current();
    if (!line) return false;
    c.lineWidth = 1.5 / scale;
    c.strokeStyle = ACCENT;
    c.fillStyle = '#fff';
    for (const e of lineEnds(line)) {
      c.beginPath();
      c.arc(e.x, e.y, HANDLE_PX / scale, 0, Math.PI * 2);
      c.fill();
      c.stroke();
    }
    return false;
  };
}
