/**
 * Freehand pen and highlighter. Samples (coalesced pointer events, with pressure) are buffered and
 * appended to the stroke at most once per animation frame, in the 'input' phase, so
 * peers see the stroke grow at frame rate and the local render catches it in the same
 * frame. One stroke is one undo step (beginAction/endAction around it).
 */
import { COORD_SCALE } from '../../shared/schema.ts';
import { appendPoints, beginStroke, endStroke, type StrokeHandle } from '../board/strokes.ts';
import { requestFrame } from '../render/frame.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

export class PenTool implements Tool {
  readonly id: 'pen' | 'highlighter';
  readonly cursor = 'crosshair';
  private stroke: StrokeHandle | null = null;
  private pending: number[] = [];
  private lastX = 0;
  private lastY = 0;

  /** `highlighter`: a broad semi-transparent marker drawn under ink (board/order.ts). */
  constructor(
    private ctx: ToolContext,
    private highlighter = false,
  ) {
    this.id = highlighter ? 'highlighter' : 'pen';
  }

  down(p: ToolPointer): void {
    const { doc, undo } = this.ctx;
    undo.beginAction();
    const { color, width, opacity } = this.ctx.style();
    this.stroke = beginStroke(doc, { x: p.x, y: p.y, author: this.ctx.author(), color, width, opacity, highlighter: this.highlighter, simulatedPressure: !p.pen });
    this.pending = [];
    this.push(p, true);
    requestFrame(this.flush, 'input');
  }

  move(samples: ToolPointer[]): void {
    if (!this.stroke) return;
    for (const p of samples) this.push(p, false);
    if (this.pending.length) requestFrame(this.flush, 'input');
  }

  up(p: ToolPointer): void {
    if (!this.stroke) return;
    this.push(p, false);
    this.flush();
    endStroke(this.ctx.doc, this.stroke);
    this.ctx.undo.endAction();
    this.stroke = null;
  }

  cancel(): void {
    if (!this.stroke) return;
    this.stroke = null;
    this.pending = [];
    this.ctx.undo.discardAction();
  }

  /** Drops samples closer than what the codec can represent or the eye can see. */
  private push(p: ToolPointer, force: boolean) {
    const min = Math.max(1 / COORD_SCALE, 0.75 / this.ctx.camera.scale);
    if (!force && Math.hypot(p.x - this.lastX, p.y - this.lastY) < min) return;
    this.pending.push(p.x, p.y, p.pressure);
    this.lastX = p.x;
    this.lastY = p.y;
  }

  private flush = () => {
    if (!this.stroke || this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    appendPoints(this.ctx.doc, this.stroke, batch);
  };
}
