/**
 * In-place text editing: a DOM textarea laid exactly over the shape (same font, size,
 * rotation and zoom as the canvas) and bound to the shape's Y.Text. Local typing is
 * diffed into minimal Y.Text inserts/deletes; edits from other people (and undo) are
 * applied to the textarea with the caret carried through them, so two people can type
 * in the same box at once. The canvas hides the shape's text while the overlay shows it.
 *
 * The whole editing session is one undo step (a new text box and its typing together);
 * a text box left empty is removed.
 *
 * A locked shape's text is not editable (board/lock.ts): open() refuses it, and an editor
 * open on a shape someone locks closes at once without writing (the keystroke that raced
 * the lock is dropped, an empty box is left as it is).
 */
import * as Y from 'yjs';
import { ensureText } from '../board/create.ts';
import { localBox } from '../board/geometry.ts';
import { isLocked, isLockedMap } from '../board/lock.ts';
import { LOCAL_ORIGIN } from '../board/origin.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import { deleteShapes } from '../board/strokes.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import type { ShapesRenderer } from '../render/shapesRenderer.ts';
import { FONT_FAMILY, layoutText, LINE_HEIGHT, measureTextBox, PAD } from '../render/text.ts';
import { moduleOfMap, shapeModule } from '../shapes/registry.ts';

/** Applies the change from `before` to `after` as one delete + one insert. */
export function diffInto(text: Y.Text, before: string, after: string): void {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before[endB - 1] === after[endA - 1]) {
    endB--;
    endA--;
  }
  if (endB > start) text.delete(start, endB - start);
  if (endA > start) text.insert(start, after.slice(start, endA));
}

export interface TextEditorDeps {
  root: HTMLElement;
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  index: ShapeIndex;
  renderer: ShapesRenderer;
}

export class TextEditor {
  private el: HTMLTextAreaElement | null = null;
  private id: string | null = null;
  private text: Y.Text | null = null;
  private value = '';
  private cleanup: (() => void)[] = [];
  private fresh = false;

  constructor(private d: TextEditorDeps) {}

  get editing(): string | null {
    return this.id;
  }

  /** `fresh`: the caller just created the shape in the current undo step; typing joins it. */
  open(id: string, fresh = false): void {
    this.close();
    const shape = this.d.index.get(id);
    // only shapes that hold text (their module's `text`)
    if (!shape || !shapeModule(shape.type)?.text || isLocked(this.d.doc, id)) return;
    if (!fresh) this.d.undo.beginAction();
    this.fresh = fresh;
    const text = ensureText(this.d.doc, id);
    if (!text) return;
    this.id = id;
    this.text = text;
    this.value = text.toString();
    const el = document.createElement('textarea');
    el.className = 'text-editor';
    el.dataset.shape = id;
    el.spellcheck = false;
    el.value = this.value;
    this.el = el;
    this.d.root.appendChild(el);
    this.d.renderer.setTextHidden(id, true);
    this.place();

    el.addEventListener('input', () => this.onInput());
    el.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Escape' || (e.key === 'Enter' && (e.ctrlKey || e.metaKey))) {
        e.preventDefault();
        this.close();
      } else if ((e.ctrlKey || e.metaKey) && /^[zy]$/i.test(e.key)) {
        // the board's per-user undo, not the textarea's own history (which would not
        // know about the other typist); the textarea follows through onRemote
        e.preventDefault();
        if (e.key.toLowerCase() === 'y' || e.shiftKey) this.d.undo.redo();
        else this.d.undo.undo();
      }
    });
    el.addEventListener('blur', () => this.close());
    const observer = (event: Y.YTextEvent, tr: Y.Transaction) => {
      if (tr.origin !== LOCAL_ORIGIN) this.onRemote(event);
    };
    text.observe(observer);
    this.cleanup.push(() => text.unobserve(observer));
    this.cleanup.push(this.d.camera.onChange(() => this.place()));
    this.cleanup.push(
      this.d.index.onChange((ids) => {
        if (!ids.has(id)) return;
        // gone, or someone locked it: stop editing, writing nothing
        if (!this.d.index.has(id) || isLocked(this.d.doc, id)) this.close();
        else this.place();
      }),
    );
    // a press anywhere else ends editing (the board prevents default, so no blur)
    const outside = (e: PointerEvent) => e.target !== el && this.close();
    window.addEventListener('pointerdown', outside, true);
    this.cleanup.push(() => window.removeEventListener('pointerdown', outside, true));
    // focus now, so keys typed right away land in the box, and again after the frame in
    // case the gesture that opened us moves the focus when it ends
    const focus = () => {
      if (this.el !== el || document.activeElement === el) return;
      el.focus();
      el.setSelectionRange(el.value.length, el.value.length);
    };
    focus();
    requestAnimationFrame(focus);
  }

  private onInput() {
    const el = this.el;
    const text = this.text;
    if (!el || !text || !this.id) return;
    if (isLocked(this.d.doc, this.id)) return this.close();
    const next = el.value;
    this.d.doc.transact(() => diffInto(text, this.value, next), LOCAL_ORIGIN);
    this.value = next;
    this.place();
  }

  /** Someone else's edit (or undo): update the textarea, carrying the caret through. */
  private onRemote(event: Y.YTextEvent) {
    const el = this.el;
    if (!el || !this.text) return;
    let s = el.selectionStart;
    let e = el.selectionEnd;
    let at = 0;
    for (const op of event.delta) {
      if (op.retain) at += op.retain;
      else if (typeof op.insert === 'string') {
        const n = op.insert.length;
        if (at <= s) s += n;
        if (at <= e) e += n;
        at += n;
      } else if (op.delete) {
        if (at < s) s -= Math.min(op.delete, s - at);
        if (at < e) e -= Math.min(op.delete, e - at);
      }
    }
    this.value = this.text.toString();
    el.value = this.value;
    el.setSelectionRange(s, e);
    this.place();
  }

  /** Lays the textarea over the shape at the current zoom. */
  private place() {
    const el = this.el;
    const shape = this.id ? this.d.index.get(this.id) : undefined;
    const spec = shape && shapeModule(shape.type)?.text;
    if (!el || !shape || !spec) return;
    const k = this.d.camera.scale;
    const p = this.d.camera.toScreen(shape.x, shape.y);
    const fs = shape.fontSize * k;
    const st = el.style;
    st.left = `${p.x}px`;
    st.top = `${p.y}px`;
    st.transform = shape.rotation ? `rotate(${shape.rotation}deg)` : '';
    st.font = `${fs}px ${FONT_FAMILY}`;
    st.lineHeight = String(LINE_HEIGHT);
    st.color = shape.color;
    st.opacity = String(shape.opacity);
    if (spec.layout === 'fit') {
      const box = measureTextBox(this.value || ' ', shape.fontSize);
      st.width = `${(box.w + shape.fontSize) * k}px`;
      st.height = `${box.h * k}px`;
      st.padding = '0';
      st.textAlign = 'left';
      st.whiteSpace = 'pre';
      st.background = 'transparent';
      return;
    }
    // wrapped in the shape's box, as its painter lays it out
    const b = localBox(shape);
    const w = b.maxX - b.minX;
    const h = b.maxY - b.minY;
    const lines = layoutText(this.value || ' ', shape.fontSize, Math.max(1, w - PAD * 2)).length;
    const top = Math.max(PAD, (h - lines * shape.fontSize * LINE_HEIGHT) / 2);
    st.width = `${w * k}px`;
    st.height = `${h * k}px`;
    st.padding = `${top * k}px ${PAD * k}px 0`;
    st.textAlign = 'center';
    st.whiteSpace = 'pre-wrap';
    st.background = 'transparent';
  }

  close(): void {
    if (!this.id) return;
    const id = this.id;
    const empty = !this.value.trim();
    // clear state first: removing the focused textarea fires blur, which calls close() again
    const el = this.el;
    for (const fn of this.cleanup) fn();
    this.cleanup = [];
    this.el = null;
    this.id = null;
    this.text = null;
    el?.remove();
    this.d.renderer.setTextHidden(id, false);
    const map = this.d.doc.getMap<Y.Map<unknown>>('shapes').get(id);
    // a shape locked meanwhile is left as it is, even an empty new box
    if (empty && map && !isLockedMap(map) && moduleOfMap(map)?.text?.dropWhenEmpty) {
      // an empty new text box leaves nothing behind, not even an undo step
      if (this.fresh) return this.d.undo.discardAction();
      deleteShapes(this.d.doc, [id]);
    }
    this.d.undo.endAction();
  }
}
