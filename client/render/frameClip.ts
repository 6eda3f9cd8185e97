/**
 * Members of a frame are painted clipped to it (board/frames.ts shownFrame says which
 * frame, if any), on the tiles, on live nodes and in exports alike. The clip is set in
 * the member's own local frame, where its painter draws, so rotated members and rotated
 * frames clip exactly.
 */
import { corners } from '../board/geometry.ts';
import { toLocal } from '../shapes/common/local.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import type { Shape } from '../shapes/types.ts';
import { n } from '../shapes/common/svg.ts';

/** Clips the context (set to `s`'s local frame) to the frame's box; nothing when there is no frame. */
export function clipToFrame(c: CanvasRenderingContext2D, s: Shape, frame: FrameShape | null): void {
  if (!frame) return;
  c.beginPath();
  corners(frame).forEach((p, i) => {
    const l = toLocal(s, p.x, p.y);
    if (i === 0) c.moveTo(l.x, l.y);
    else c.lineTo(l.x, l.y);
  });
  c.closePath();
  c.clip();
}

/** An SVG clipPath of the frame's box, in board coordinates. */
export function frameClipPath(id: string, f: FrameShape): string {
  const t = `translate(${n(f.x)} ${n(f.y)})${f.rotation ? ` rotate(${n(f.rotation)})` : ''}`;
  return `<clipPath id="${id}"><rect transform="${t}" width="${n(f.w)}" height="${n(f.h)}"/></clipPath>`;
}
