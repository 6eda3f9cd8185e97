/**
 * Text (T): click to place a text box and type in place; click an existing text (or a
 * sticky, or a shape's label) to edit it. The box is created inside the same undo step
 * as the typing, and dropped again if it stays empty (textEditor.ts). A locked shape's
 * text is not editable (board/lock.ts): a click on it goes through, as for every tool,
 * and places a new text box unless an unlocked shape with text lies below.
 */
import { createShape } from '../board/create.ts';
import { isLocked } from '../board/lock.ts';
import { LINE_HEIGHT } from '../render/text.ts';
import { shapeModule } from '../shapes/registry.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

/** Creates an empty text box at p (the click marks the middle of its first line, like a caret) and opens it for typing. */
export function placeText(ctx: ToolContext, p: ToolPointer): void {
  const style = ctx.style();
  ctx.undo.beginAction();
  const h = style.fontSize * LINE_HEIGHT;
  const id = createShape(ctx.doc, {
    type: 'text',
    x: p.x,
    y: p.y - h / 2,
    w: 4,
    h,
    author: ctx.author(),
    style: { color: style.color, fontSize: style.fontSize, opacity: style.opacity },
  });
  ctx.editText(id, true);
}

export class TextTool implements Tool {
  readonly id = 'text';
  readonly cursor = 'text';

  constructor(private ctx: ToolContext) {}

  down(): void {}
  move(): void {}

  up(p: ToolPointer): void {
    const hit = this.ctx.index.hitAll(p.x, p.y, 2 / this.ctx.camera.scale).find((s) => !isLocked(this.ctx.doc, s.id));
    if (hit && shapeModule(hit.type)?.text?.editOnClick) {
      this.ctx.editText(hit.id);
      return;
    }
    placeText(this.ctx, p);
  }

  cancel(): void {}
}
