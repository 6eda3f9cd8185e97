/**
 * Eraser (E): drag over shapes to remove them whole. The path between pointer samples
 * is walked in small steps, each a spatial-index query plus exact hit test, so a fast
 * swipe does not skip thin strokes. One drag is one undo step. The overlay shows a
 * short fading trail of where the eraser went. Locked shapes are not erased (board/lock.ts).
 */
import { isLocked } from '../board/lock.ts';
import { deleteShapes } from '../board/strokes.ts';
import { paintTrail, type Trail } from '../render/overlay.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

/** eraser radius in screen px */
const RADIUS = 6;

export class EraserTool implements Tool {
  readonly id = 'eraser';
  /** a small circle, the size of what it erases */
  readonly cursor = `url("data:image/svg+xml,${encodeURIComponent('<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><circle cx="8" cy="8" r="6" fill="white" stroke="#1e1e1e" stroke-width="1.5"/></svg>')}") 8 8, crosshair`;
  private last: ToolPointer | null = null;
  private trail: Trail = { points: [], color: 'rgba(120,120,130,0.55)', life: 350, width: 10 };
  private offPainter: (() => void) | null = null;

  constructor(private ctx: ToolContext) {}

  down(p: ToolPointer): void {
    this.ctx.undo.beginAction();
    this.last = p;
    if (!this.offPainter) this.offPainter = this.ctx.overlay.addPainter((c, scale, now) => paintTrail(c, this.trail, scale, now));
    this.erase([p]);
  }

  move(samples: ToolPointer[]): void {
    if (!this.last) return;
    this.erase(samples);
  }

  up(p: ToolPointer): void {
    if (!this.last) return;
    this.erase([p]);
    this.last = null;
    this.ctx.undo.endAction();
  }

  cancel(): void {
    if (!this.last) return;
    this.last = null;
    this.ctx.undo.endAction();
  }

  deactivate(): void {
    this.offPainter?.();
    this.offPainter = null;
  }

  private erase(samples: ToolPointer[]) {
    const r = RADIUS / this.ctx.camera.scale;
    const hits = new Set<string>();
    const now = performance.now();
    for (const p of samples) {
      const from = this.last ?? p;
      const steps = Math.max(1, Math.ceil(Math.hypot(p.x - from.x, p.y - from.y) / r));
      for (let i = 1; i <= steps; i++) {
        const x = from.x + ((p.x - from.x) * i) / steps;
        const y = from.y + ((p.y - from.y) * i) / steps;
        for (const s of this.ctx.index.hitAll(x, y, r)) if (!isLocked(this.ctx.doc, s.id)) hits.add(s.id);
      }
      this.trail.points.push({ x: p.x, y: p.y, t: now });
      this.last = p;
    }
    if (hits.size) deleteShapes(this.ctx.doc, hits);
    this.ctx.overlay.invalidate();
  }
}
