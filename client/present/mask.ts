/**
 * While a frame is presented (by us, or by whoever we follow), everything outside it is
 * veiled in the board's colour, so the screen shows that frame alone, as a slide.
 */
import { corners } from '../board/geometry.ts';
import type { Overlay } from '../render/overlay.ts';
import type { FrameShape } from '../shapes/frame/index.ts';

/** Far enough past any board coordinate (RANGES.coord) to cover every screen. */
const FAR = 1e7;

export function installPresentMask(overlay: Overlay, frame: () => FrameShape | null): () => void {
  return overlay.addPainter((c) => {
    const f = frame();
    if (!f) return false;
    c.beginPath();
    c.rect(-FAR, -FAR, FAR * 2, FAR * 2);
    // the frame's box as a hole (even-odd)
    corners(f).forEach((p, i) => (i ? c.lineTo(p.x, p.y) : c.moveTo(p.x, p.y)));
    c.closePath();
    // the board's light colour (the dark theme inverts the canvas)
    c.fillStyle = '#f1f3f5';
    c.fill('evenodd');
    return false;
  });
}
