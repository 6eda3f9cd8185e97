/**
 * Presentation, the part without a DOM (tested in Node): the camera that shows a frame
 * full screen, stepping through the frames, and whom a spectator follows.
 */
import { corners, unionBox, type Box } from '../board/geometry.ts';
import { clampScale, type CameraState } from '../render/camera.ts';
import type { FrameShape } from '../shapes/frame/index.ts';
import { peerPresent } from '../sync/peerState.ts';

/** Room left around a presented frame, screen px. */
export const PRESENT_MARGIN = 16;

/** The frame's box on the board (rotated frames: the box around them). */
export const frameBox = (f: FrameShape): Box => unionBox(corners(f).map((p) => ({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y })))!;

/** The camera that fits the frame to the view, centred, as large as it fits (unlike zoom to fit, past 200 %). */
export function frameCamera(f: FrameShape, view: { width: number; height: number }, margin = PRESENT_MARGIN): CameraState {
  const b = frameBox(f);
  const w = Math.max(1, b.maxX - b.minX);
  const h = Math.max(1, b.maxY - b.minY);
  const scale = clampScale(Math.min((view.width - margin * 2) / w, (view.height - margin * 2) / h));
  return { scale, x: view.width / 2 - ((b.minX + b.maxX) / 2) * scale, y: view.height / 2 - ((b.minY + b.maxY) / 2) * scale };
}

/**
 * The frame after `current` going forward (1) or back (-1), stopping at the ends (a
 * presentation does not wrap); the first frame when `current` is gone; null without frames.
 */
export function stepFrame(frames: readonly FrameShape[], current: string | null, dir: 1 | -1): FrameShape | null {
  if (!frames.length) return null;
  const i = current === null ? -1 : frames.findIndex((f) => f.id === current);
  if (i < 0) return frames[0];
  return frames[Math.min(frames.length - 1, Math.max(0, i + dir))];
}

/**
 * Who is presenting a frame this board has: the presenter with the lowest client id
 * (two at once: everyone picks the same one), or null. `self` is left out.
 */
export function presenterOf(states: ReadonlyMap<number, unknown>, self: number, hasFrame: (id: string) => boolean): { client: number; frame: string } | null {
  let best: { client: number; frame: string } | null = null;
  for (const [client, state] of states) {
    if (client === self) continue;
    const frame = peerPresent(state);
    if (frame !== null && hasFrame(frame) && (best === null || client < best.client)) best = { client, frame };
  }
  return best;
}
