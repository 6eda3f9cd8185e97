/** Sticky note (S): click to drop a coloured note and start typing on it. */
import { createShape } from '../board/create.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

export const STICKY_SIZE = 200;

export class StickyTool implements Tool {
  readonly id = 'sticky';
  readonly cursor = 'crosshair';

  constructor(private ctx: ToolContext) {}

  down(): void {}
  move(): void {}

  up(p: ToolPointer): void {
    const style = this.ctx.style();
    this.ctx.undo.beginAction();
    const id = createShape(this.ctx.doc, {
      type: 'sticky',
      x: p.x - STICKY_SIZE / 2,
      y: p.y - STICKY_SIZE / 2,
      w: STICKY_SIZE,
      h: STICKY_SIZE,
      author: this.ctx.author(),
      style: { color: '#1e1e1e', bg: style.bg, fontSize: style.fontSize, opacity: style.opacity },
    });
    this.ctx.selection.replace([id]);
    this.ctx.setTool('select');
    this.ctx.editText(id, true);
  }

  cancel(): void {}
}
