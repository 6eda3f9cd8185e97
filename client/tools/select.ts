/**
 * Select (V): click picks the topmost shape (spatial index + exact test), shift-click
 * adds or removes, dragging on empty board draws a marquee that selects what it fully
 * encloses, dragging a selected shape (or inside the selection's box) moves the whole
 * selection, once per frame, as one undo step, snapping to the edges and centres of the
 * shapes in view and to the grid (tools/snapping.ts; Alt moves freely). Resize and
 * rotate handles belong to the Konva.Transformer in the overlay: presses on them pass
 * through to Konva (they snap too, selectionTransformer.ts). A shape edited by its ends
 * (line, arrow) selected alone has end handles instead: dragging one moves that end (shift snaps it to 45° steps), live for everyone, one undo step; dropped on
 * a shape, the end binds to it (attachEnd.ts, board/bindings.ts).
 * Double-click edits the text of a shape that holds text (its module's `text`: a text,
 * sticky, rect or ellipse), opens the editing mode of one that has one (an image's crop:
 * ctx.editShape), or places a new text.
 * Locked shapes are skipped by every pick (a click goes through them to what is below,
 * a marquee leaves them out) and never moved (board/lock.ts); a click on a member of a
 * group selects the whole group, a marquee takes a group it encloses whole (board/group.ts).
 */
import { normalizeBox, unionBox, type Box } from '../board/geometry.ts';
import { expandToGroups, wholeGroups } from '../board/group.ts';
import { isLocked, unlockedIds } from '../board/lock.ts';
import { bindingsOfMap } from '../board/bindingField.ts';
import { settleEnds } from '../board/bindings.ts';
import { shapesMap } from '../board/strokes.ts';
import { moveShapes, setLineEnds } from '../board/transform.ts';
import { requestFrame } from '../render/frame.ts';
import { moveSnapper } from './snapping.ts';
import { endAt, soleEnds, type EndsShape } from '../render/lineHandles.ts';
import { shapeModule } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { bindingAt } from './attachEnd.ts';
import { segmentTo } from './shapeTool.ts';
import { placeText } from './text.ts';
import type { Tool, ToolContext, ToolPointer } from './tool.ts';

/** pick tolerance in screen px */
const PICK_PX = 5;

export class SelectTool implements Tool {
  readonly id = 'select';
  readonly cursor = 'default';
  private mode: 'none' | 'pending-move' | 'move' | 'marquee' | 'line-end' = 'none';
  /** the end being dragged: the line's id, the other end (fixed) and which end moves */
  private lineEnd: { id: string; fixed: { x: number; y: number }; end: 0 | 1; to: ToolPointer } | null = null;
  private start: ToolPointer | null = null;
  private target = { x: 0, y: 0 };
  private applied = { x: 0, y: 0 };
  private base: string[] = [];
  private snap: ReturnType<typeof moveSnapper> | null = null;

  constructor(private ctx: ToolContext) {}

  private unlocked = (id: string) => !isLocked(this.ctx.doc, id);

  /** The topmost shape at the point that is not locked (locked shapes are background). */
  private pick(p: ToolPointer): Shape | null {
    return this.ctx.index.hitAll(p.x, p.y, PICK_PX / this.ctx.camera.scale).find((s) => this.unlocked(s.id)) ?? null;
  }

  passThrough(p: ToolPointer): boolean {
    return this.ctx.overlay.onHandle(p.sx, p.sy);
  }

  hover(p: ToolPointer): string | null {
    if (this.ctx.overlay.onHandle(p.sx, p.sy)) return null; // Konva shows the handle's cursor
    const line = this.soleEnds();
    if (line && endAt(line, p, this.ctx.camera.scale) !== null) return 'crosshair';
    if (this.pick(p)) return 'move';
    const box = this.selectionBox();
    return box && p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY ? 'move' : null;
  }

  /** Union of the selected shapes' bounds, board coordinates. */
  selectionBox(): Box | null {
    return unionBox(this.ctx.selection.ids().flatMap((id) => this.ctx.index.bounds(id) ?? []));
  }

  private soleEnds(): EndsShape | null {
    return soleEnds(this.ctx.selection.ids().map((id) => this.ctx.index.get(id)));
  }

  down(p: ToolPointer): void {
    const { selection, camera } = this.ctx;
    this.start = p;
    const line = this.soleEnds();
    const end = line && endAt(line, p, camera.scale);
    if (line && end !== null) {
      this.mode = 'line-end';
      this.lineEnd = { id: line.id, fixed: line.ends[1 - end], end, to: p };
      this.ctx.undo.beginAction();
      return;
    }
    const hit = this.pick(p);
    if (hit) {
      // the whole group of what was hit
      const ids = expandToGroups(this.ctx.doc, [hit.id], this.unlocked);
      if (p.shift) {
        const drop = selection.has(hit.id);
        if (drop) selection.replace(selection.ids().filter((id) => !ids.includes(id)));
        else selection.add(ids);
        this.mode = drop ? 'none' : 'pending-move';
        return;
      }
      if (!selection.has(hit.id)) selection.replace(ids);
      this.mode = 'pending-move';
      return;
    }
    const box = this.selectionBox();
    if (!p.shift && box && p.x >= box.minX && p.x <= box.maxX && p.y >= box.minY && p.y <= box.maxY) {
      this.mode = 'pending-move';
      return;
    }
    this.base = p.shift ? selection.ids() : [];
    if (!p.shift) selection.clear();
    this.mode = 'marquee';
  }

  move(samples: ToolPointer[]): void {
    const p = samples[samples.length - 1];
    if (!p || !this.start) return;
    if (this.mode === 'pending-move' && Math.hypot(p.sx - this.start.sx, p.sy - this.start.sy) > 2) {
      this.mode = 'move';
      this.ctx.undo.beginAction();
      this.applied = { x: 0, y: 0 };
      this.snap = moveSnapper(this.ctx, this.ctx.selection.ids());
    }
    if (this.mode === 'move') {
      this.target = this.snapped(p);
      requestFrame(this.flushMove, 'input');
    } else if (this.mode === 'line-end') {
      this.lineEnd!.to = p;
      requestFrame(this.flushLineEnd, 'input');
    } else if (this.mode === 'marquee') {
      const box = normalizeBox(this.start.x, this.start.y, p.x, p.y);
      this.ctx.overlay.setMarquee(box);
      const inside = wholeGroups(this.ctx.doc, unlockedIds(this.ctx.doc, this.ctx.index.inside(box).map((s) => s.id)), this.unlocked);
      this.ctx.selection.replace([...this.base, ...inside]);
    }
  }

  /** The move so far, snapped to other shapes and the grid unless Alt is held. */
  private snapped(p: ToolPointer): { x: number; y: number } {
    const d = this.snap!.delta(p.x - this.start!.x, p.y - this.start!.y, !!p.alt);
    return { x: d.dx, y: d.dy };
  }

  private flushMove = () => {
    if (this.mode !== 'move') return;
    const dx = this.target.x - this.applied.x;
    const dy = this.target.y - this.applied.y;
    this.applied = { ...this.target };
    // someone may have locked a shape since the drag began
    moveShapes(this.ctx.doc, unlockedIds(this.ctx.doc, this.ctx.selection.ids()), dx, dy);
  };

  private flushLineEnd = () => {
    const drag = this.mode === 'line-end' ? this.lineEnd : null;
    if (!drag || !this.unlocked(drag.id)) return;
    const { fixed, to } = drag;
    const other = bindingsOfMap(shapesMap(this.ctx.doc).get(drag.id))[1 - drag.end];
    // over a shape the end binds to it (not to the shape the other end is bound to); else from the fixed end to the pointer, snapped like the line tool
    const bind = bindingAt(this.ctx.index, to.x, to.y, this.ctx.camera.scale, (id) => id === drag.id || id === other?.to || !this.unlocked(id));
    const g = segmentTo(fixed.x, fixed.y, to.x, to.y, !!to.shift && !bind);
    const moved = { x: fixed.x + g.w, y: fixed.y + g.h };
    const [a, b] = drag.end === 1 ? [fixed, moved] : [moved, fixed];
    setLineEnds(this.ctx.doc, drag.id, a.x, a.y, b.x, b.y, { end: drag.end, to: bind });
  };

  up(p: ToolPointer): void {
    if (this.mode === 'line-end') {
      this.lineEnd!.to = p;
      this.flushLineEnd();
      // store the ends where they are drawn: what a delete by someone else leaves
      settleEnds(this.ctx.doc, this.lineEnd!.id);
      this.ctx.undo.endAction();
      this.lineEnd = null;
    }
    if (this.mode === 'move') {
      this.target = this.snapped(p);
      this.flushMove();
      this.ctx.undo.endAction();
    }
    this.snap?.end();
    this.snap = null;
    if (this.mode === 'marquee') this.ctx.overlay.setMarquee(null);
    this.mode = 'none';
    this.start = null;
  }

  cancel(): void {
    if (this.mode === 'move' || this.mode === 'line-end') this.ctx.undo.endAction();
    this.snap?.end();
    this.snap = null;
    this.lineEnd = null;
    this.ctx.overlay.setMarquee(null);
    this.mode = 'none';
    this.start = null;
  }

  dblclick(p: ToolPointer): void {
    const hit = this.pick(p);
    if (hit && shapeModule(hit.type)?.text) {
      this.ctx.selection.replace([hit.id]);
      this.ctx.editText(hit.id);
      return;
    }
    if (hit && this.ctx.editShape) {
      const was = this.ctx.selection.ids();
      this.ctx.selection.replace([hit.id]);
      if (this.ctx.editShape(hit.id)) return;
      this.ctx.selection.replace(was);
    }
    if (hit) return;
    // on a locked shape: nothing (its text is not editable, board/lock.ts)
    if (this.ctx.index.hit(p.x, p.y, PICK_PX / this.ctx.camera.scale)) return;
    // double-click on empty board: type right there (as in Excalidraw)
    placeText(this.ctx, p);
  }
}
