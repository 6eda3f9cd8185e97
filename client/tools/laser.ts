/**
 * Laser pointer (K): a glowing trail that fades within a second. It lives only in
 * awareness (PresenceState.laser), never in the document, so it leaves no trace and
 * no undo step. Published at most once per frame while it changes; the overlay draws
 * every editor's trail, ours included, from awareness (laserLayer.ts).
 */
import { requestFrame } from '../render/frame.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

/** how long a point of the trail lives, ms */
export const LASER_LIFE = 700;

export class LaserTool implements Tool {
  readonly id = 'laser';
  readonly cursor = 'crosshair';
  private points: { x: number; y: number; t: number }[] = [];
  private drawing = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private ctx: ToolContext) {}

  down(p: ToolPointer): void {
    this.drawing = true;
    this.add([p]);
  }

  move(samples: ToolPointer[]): void {
    if (this.drawing) this.add(samples);
  }

  up(): void {
    this.drawing = false;
  }

  cancel(): void {
    this.drawing = false;
  }

  private add(samples: ToolPointer[]) {
    const now = performance.now();
    for (const p of samples) this.points.push({ x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10, t: now });
    requestFrame(this.publish, 'input');
  }

  /** Publishes the live part of the trail; keeps going each frame until it has faded. */
  private publish = () => {
    const now = performance.now();
    while (this.points.length && now - this.points[0].t > LASER_LIFE) this.points.shift();
    // at most ~60 points: a second of trail at 60 Hz is plenty and keeps awareness small
    if (this.points.length > 60) this.points.splice(0, this.points.length - 60);
    const flat: number[] = [];
    for (const p of this.points) flat.push(p.x, p.y);
    this.ctx.laser(flat);
    // keep fading out after the pointer stops, at a relaxed pace
    if (this.points.length && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        requestFrame(this.publish, 'input');
      }, 50);
    }
  };
}
