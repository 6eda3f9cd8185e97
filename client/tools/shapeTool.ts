/**
 * Drag out a rect, ellipse, line or arrow (how: the module's drag spec). The shape is
 * created on pointer down and resized once per frame while dragging, so peers see it
 * grow; shift constrains (square, circle, 45° steps). A plain click drops a
 * default-sized box. Afterwards the new shape is selected and the select tool comes
 * back, as in Excalidraw and tldraw. A line or arrow started or ended on a shape is
 * bound to it (attachEnd.ts, board/bindings.ts).
 */
import type { Binding } from '../board/bindingField.ts';
import { bindEnd, settleEnds } from '../board/bindings.ts';
import { createShape, finishShape, resizeShape } from '../board/create.ts';
import { isLocked } from '../board/lock.ts';
import { LOCAL_ORIGIN } from '../board/origin.ts';
import { requestFrame } from '../render/frame.ts';
import { shapeModule } from '../shapes/registry.ts';
import type { DragSpec } from '../shapes/types.ts';
import { bindingAt } from './attachEnd.ts';
import type { Tool, ToolContext, ToolId, ToolPointer } from './tool.ts';

/** The tools that drag out a shape of the type they are named after. */
type DragType = 'rect' | 'ellipse' | 'line' | 'arrow' | 'frame';

/** From start to end: an end point relative to the start; shift snaps it to 45° steps. */
export function segmentTo(ax: number, ay: number, bx: number, by: number, shift: boolean) {
  let dx = bx - ax;
  let dy = by - ay;
  if (shift) {
    const len = Math.hypot(dx, dy);
    const a = Math.round(Math.atan2(dy, dx) / (Math.PI / 4)) * (Math.PI / 4);
    dx = Math.round(len * Math.cos(a) * 100) / 100;
    dy = Math.round(len * Math.sin(a) * 100) / 100;
  }
  return { x: ax, y: ay, w: dx, h: dy };
}

/** Corner to corner, whichever way the drag goes; shift makes a square. */
export function boxTo(ax: number, ay: number, bx: number, by: number, shift: boolean) {
  let dx = bx - ax;
  let dy = by - ay;
  if (shift) {
    const m = Math.max(Math.abs(dx), Math.abs(dy));
    dx = Math.sign(dx || 1) * m;
    dy = Math.sign(dy || 1) * m;
  }
  return { x: Math.min(ax, ax + dx), y: Math.min(ay, ay + dy), w: Math.max(1, Math.abs(dx)), h: Math.max(1, Math.abs(dy)) };
}

/** How a type is dragged out (its module's drag spec; a box when it has none). */
const dragOf = (type: string): DragSpec => shapeModule(type)?.drag ?? { kind: 'box', clickSize: null };

/** Geometry from the drag start to the pointer, with the shift constraint. */
export function dragGeometry(type: string, ax: number, ay: number, bx: number, by: number, shift: boolean) {
  return dragOf(type).kind === 'segment' ? segmentTo(ax, ay, bx, by, shift) : boxTo(ax, ay, bx, by, shift);
}

export class ShapeTool implements Tool {
  readonly cursor = 'crosshair';
  private id_: string | null = null;
  private start = { x: 0, y: 0, sx: 0, sy: 0 };
  private last: ToolPointer | null = null;
  private moved = false;

  constructor(
    private ctx: ToolContext,
    readonly id: ToolId & DragType,
  ) {}

  down(p: ToolPointer): void {
    const { doc, undo } = this.ctx;
    undo.beginAction();
    const style = this.ctx.style();
    this.start = { x: p.x, y: p.y, sx: p.sx, sy: p.sy };
    this.moved = false;
    this.last = p;
    const isLine = dragOf(this.id).kind === 'segment';
    this.id_ = createShape(doc, {
      type: this.id,
      x: p.x,
      y: p.y,
      w: isLine ? 0 : 1,
      h: isLine ? 0 : 1,
      author: this.ctx.author(),
      style: { color: style.color, width: style.width, opacity: style.opacity, dash: style.dash, fill: isLine ? undefined : style.fill, elbow: isLine && shapeModule(this.id)?.styles.includes('elbow') ? style.elbow : undefined },
      done: false,
    });
    this.bound = isLine ? this.bindingAt(p, null) : null;
    if (this.bound) bindEnd(doc, this.id_, 0, this.bound);
  }

  /** start binding of the line being drawn */
  private bound: Binding | null = null;

  private bindingAt(p: ToolPointer, start: Binding | null): Binding | null {
    return bindingAt(this.ctx.index, p.x, p.y, this.ctx.camera.scale, (id) => id === this.id_ || id === start?.to || isLocked(this.ctx.doc, id));
  }

  move(samples: ToolPointer[]): void {
    const p = samples[samples.length - 1];
    if (!this.id_ || !p) return;
    this.last = p;
    if (Math.hypot(p.sx - this.start.sx, p.sy - this.start.sy) > 3) this.moved = true;
    requestFrame(this.flush, 'input');
  }

  private flush = () => {
    if (!this.id_ || !this.last || !this.moved) return;
    const { doc } = this.ctx;
    const id = this.id_;
    const isLine = dragOf(this.id).kind === 'segment';
    const end = isLine ? this.bindingAt(this.last, this.bound) : null;
    const g = dragGeometry(this.id, this.start.x, this.start.y, this.last.x, this.last.y, !!this.last.shift && !end);
    doc.transact(() => {
      resizeShape(doc, id, g);
      if (isLine) bindEnd(doc, id, 1, end);
    }, LOCAL_ORIGIN);
  };

  up(p: ToolPointer): void {
    const id = this.id_;
    if (!id) return;
    this.last = p;
    const { doc, undo } = this.ctx;
    if (!this.moved) {
      const size = dragOf(this.id).clickSize;
      if (!size) {
        // a click is no line: drop it without leaving an undo step
        this.id_ = null;
        undo.discardAction();
        return;
      }
      const { w, h } = size;
      resizeShape(doc, id, { x: p.x - w / 2, y: p.y - h / 2, w, h });
    } else this.flush();
    finishShape(doc, id);
    settleEnds(doc, id);
    undo.endAction();
    this.id_ = null;
    this.ctx.selection.replace([id]);
    this.ctx.setTool('select');
  }

  cancel(): void {
    if (!this.id_) return;
    this.id_ = null;
    this.ctx.undo.discardAction();
  }
}
