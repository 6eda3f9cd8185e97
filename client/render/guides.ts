/**
 * Alignment guides in the overlay while a move or resize snaps (board/snap.ts): thin
 * lines through what the shape lines up with, with a cross at each end, in board
 * coordinates so they stay put as the camera moves. One set per overlay.
 */
import type { Guide } from '../board/snap.ts';
import type { Overlay } from './overlay.ts';

/** tldraw and Excalidraw draw snap lines in a strong red */
export const GUIDE_COLOR = '#fa5252';
const CROSS_PX = 3;

export interface Guides {
  set(guides: Guide[]): void;
  get(): readonly Guide[];
}

const perOverlay = new WeakMap<Overlay, Guides>();

export function guidesOf(overlay: Overlay): Guides {
  let g = perOverlay.get(overlay);
  if (!g) perOverlay.set(overlay, (g = create(overlay)));
  return g;
}

function create(overlay: Overlay): Guides {
  let lines: Guide[] = [];
  overlay.addPainter((c, scale) => {
    if (lines.length === 0) return false;
    const cross = CROSS_PX / scale;
    c.strokeStyle = GUIDE_COLOR;
    c.lineWidth = 1 / scale;
    c.beginPath();
    for (const g of lines) {
      const [x0, y0, x1, y1] = g.axis === 'x' ? [g.at, g.from, g.at, g.to] : [g.from, g.at, g.to, g.at];
      c.moveTo(x0, y0);
      c.lineTo(x1, y1);
      for (const [x, y] of [[x0, y0], [x1, y1]] as const) {
        c.moveTo(x - cross, y - cross);
        c.lineTo(x + cross, y + cross);
        c.moveTo(x - cross, y + cross);
        c.lineTo(x + cross, y - cross);
      }
    }
    c.stroke();
    return false;
  });
  return {
    set(next) {
      if (next.length === 0 && lines.length === 0) return;
      lines = next;
      overlay.invalidate();
    },
    get: () => lines,
  };
}
