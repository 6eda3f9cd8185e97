/** Hand: drag to pan the camera. */
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

export class HandTool implements Tool {
  readonly id = 'hand';
  readonly cursor = 'grab';
  readonly activeCursor = 'grabbing';
  private last: { sx: number; sy: number } | null = null;

  constructor(private ctx: Pick<ToolContext, 'camera'>) {}

  down(p: ToolPointer): void {
    this.last = { sx: p.sx, sy: p.sy };
  }

  move(samples: ToolPointer[]): void {
    const p = samples[samples.length - 1];
    if (!this.last || !p) return;
    this.ctx.camera.panBy(p.sx - this.last.sx, p.sy - this.last.sy);
    this.last = { sx: p.sx, sy: p.sy };
  }

  up(): void {
    this.last = null;
  }

  cancel(): void {
    this.last = null;
  }
}
