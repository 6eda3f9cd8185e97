/**
 * Renaming a frame: a double-click on its name (above the frame) opens a one-line field
 * in its place; Enter or leaving it saves (one undo step, board/frames.ts renameFrame),
 * Escape cancels. The name is anyone's text: it goes into the field as its value, never
 * as markup, and is cut to FRAME_NAME_MAX characters.
 */
import type * as Y from 'yjs';
import { renameFrame } from '../board/frames.ts';
import { toLocal } from '../board/geometry.ts';
import { isLocked } from '../board/lock.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import { asFrame, FRAME_NAME_MAX, type FrameShape } from '../shapes/frame/index.ts';
import { LABEL_H, labelWidth } from '../shapes/frame/label.ts';
import { h } from './dom.ts';

export interface RenameDeps {
  root: HTMLElement;
  board: HTMLElement;
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  index: ShapeIndex;
  /** renaming is for the select tool */
  enabled(): boolean;
}

/** The frame whose name label is at the board point, topmost first. */
export function frameLabelAt(index: ShapeIndex, x: number, y: number, tol: number): FrameShape | null {
  for (const s of index.hitAll(x, y, tol)) {
    const f = asFrame(s);
    if (!f) continue;
    const p = toLocal(f, x, y);
    if (p.y <= tol && p.y >= -LABEL_H - tol && p.x >= -tol && p.x <= labelWidth(f) + tol) return f;
  }
  return null;
}

export function installFrameRename(d: RenameDeps): { open(id: string): void } {
  let input: HTMLInputElement | null = null;

  function open(id: string) {
    const f = asFrame(d.index.get(id));
    // a locked frame's name is not editable (board/lock.ts)
    if (!f || isLocked(d.doc, id)) return;
    close(false);
    const el = h('input', { class: 'frame-rename', 'data-frame': id, maxlength: FRAME_NAME_MAX, 'aria-label': 'Frame name' });
    el.value = f.name;
    const k = d.camera.scale;
    const p = d.camera.toScreen(f.x, f.y);
    const st = el.style;
    st.left = `${p.x}px`;
    st.top = `${p.y - LABEL_H * k}px`;
    st.width = `${Math.max(120, f.w * k)}px`;
    st.transform = f.rotation ? `rotate(${f.rotation}deg)` : '';
    el.addEventListener('keydown', (e) => {
      e.stopPropagation();
      if (e.key === 'Enter') close(true);
      else if (e.key === 'Escape') close(false);
    });
    el.addEventListener('blur', () => close(true));
    input = el;
    d.root.append(el);
    el.focus();
    el.select();
  }

  function close(save: boolean) {
    const el = input;
    if (!el) return;
    input = null;
    if (save) {
      d.undo.beginAction();
      renameFrame(d.doc, el.dataset.frame ?? '', el.value, FRAME_NAME_MAX);
      d.undo.endAction();
    }
    el.remove();
  }

  d.board.addEventListener('dblclick', (e) => {
    if (!d.enabled()) return;
    const r = d.board.getBoundingClientRect();
    const p = d.camera.toBoard(e.clientX - r.left, e.clientY - r.top);
    const f = frameLabelAt(d.index, p.x, p.y, 4 / d.camera.scale);
    if (f) open(f.id);
  });
  return { open };
}
