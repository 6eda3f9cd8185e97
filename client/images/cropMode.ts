/**
 * Crop mode, as in Excalidraw: a double-click on an image (or Enter with one image
 * selected, or Crop in the style panel) shows the whole file dimmed around the part
 * shown, which is bright and has eight handles. Dragging a handle moves that edge over
 * the file, dragging inside moves the crop over it; the file keeps its place on the
 * board (shapes/image/crop.ts). Each change is written once a frame, so the other
 * editors and spectators see it live, and the whole visit is one undo step (begun when
 * the mode opens, ended when it closes). Escape, Enter, a double-click, a click off the
 * file, another tool or any other key ends it.
 *
 * While it is open the board's pointer goes to it (a Tool of its own) and the selection's
 * Transformer is hidden; nothing but the overlay is drawn here.
 */
import type * as Y from 'yjs';
import { isLocked } from '../board/lock.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { BoardUndo } from '../board/undo.ts';
import type { Camera } from '../render/camera.ts';
import { requestFrame } from '../render/frame.ts';
import { ACCENT, type Overlay } from '../render/overlay.ts';
import { toLocal } from '../shapes/common/local.ts';
import { boxRect, cropHit, croppedGeometry, dragHandle, fullRect, handleCursor, HANDLES, handlePoint, moveRect, uncroppedGeometry, writeCrop, type Handle, type Rect } from '../shapes/image/crop.ts';
import type { ImageShape } from '../shapes/image/index.ts';
import type { Shape } from '../shapes/types.ts';
import type { Tool, ToolPointer } from '../tools/tool.ts';
import { isTyping } from '../ui/dom.ts';
import { imageSource, onImageReady } from './cache.ts';

export interface CropModeDeps {
  doc: Y.Doc;
  undo: BoardUndo;
  camera: Camera;
  overlay: Overlay;
  index: ShapeIndex;
  /** give the board's pointer to the crop gesture (a tool), or back to the select tool (null) */
  take(tool: Tool | null): void;
  /** the mode opened on an image (its id) or closed (null) */
  changed(id: string | null): void;
}

/** Handle size and pick reach, screen px. */
const HANDLE_PX = 9;
const REACH_PX = 8;
/** Least crop, screen px. */
const MIN_PX = 8;
const RAD = Math.PI / 180;

/** An image shape (null for anything else). */
export const asImage = (s: Shape | undefined | null): ImageShape | null => (s && s.type === 'image' ? (s as ImageShape) : null);

const near = (a: number, b: number) => Math.abs(a - b) <= 0.02;

export function createCropMode(d: CropModeDeps) {
  /** the image as it was when the mode opened (or last changed by someone else): the frame every rect is in */
  let base: ImageShape | null = null;
  let full: Rect = { x: 0, y: 0, w: 1, h: 1 };
  let rect: Rect = { x: 0, y: 0, w: 1, h: 1 };
  let drag: { kind: Handle | 'move'; from: Rect; at: { x: number; y: number }; keep: boolean } | null = null;
  let offPainter: (() => void) | null = null;
  let offReady: (() => void) | null = null;

  const local = (p: ToolPointer) => toLocal(base!, p.x, p.y);
  const scale = () => d.camera.scale;

  function rebase(s: ImageShape) {
    base = s;
    full = fullRect(s);
    rect = boxRect(s);
  }

  const write = () => {
    if (!base) return;
    writeCrop(d.doc, base.id, croppedGeometry(base, rect));
    d.overlay.invalidate();
  };

  const tool: Tool = {
    id: 'select',
    cursor: 'default',
    hover(p) {
      if (!base) return null;
      const hit = cropHit(rect, full, local(p), REACH_PX / scale());
      if (hit === 'inside') return 'move';
      if (hit === null || hit === 'file') return hit === null ? 'default' : 'crosshair';
      return handleCursor(hit, base.rotation);
    },
    down(p) {
      if (!base) return;
      const at = local(p);
      const hit = cropHit(rect, full, at, REACH_PX / scale());
      // a click off the file ends the crop
      if (hit === null) return void stop();
      drag = { kind: hit === 'inside' || hit === 'file' ? 'move' : hit, from: { ...rect }, at, keep: false };
    },
    move(samples) {
      const p = samples[samples.length - 1];
      if (!p || !drag || !base) return;
      const at = local(p);
      rect =
        drag.kind === 'move'
          ? moveRect(drag.from, at.x - drag.at.x, at.y - drag.at.y, full)
          : dragHandle(drag.from, drag.kind, at, full, MIN_PX / scale(), !!p.shift);
      d.overlay.invalidate();
      requestFrame(write, 'input');
    },
    up(p) {
      if (drag && base) {
        tool.move([p]);
        write();
      }
      drag = null;
    },
    cancel() {
      drag = null;
    },
    dblclick: () => stop(),
  };

  function paint(c: CanvasRenderingContext2D, k: number): boolean {
    const s = base;
    if (!s) return false;
    c.translate(s.x, s.y);
    if (s.rotation) c.rotate(s.rotation * RAD);
    const dpr = window.devicePixelRatio || 1;
    const src = s.file ? imageSource(s.file, Math.max(full.w, full.h) * k * dpr, { w: s.naturalW, h: s.naturalH }, s.previews) : null;
    c.imageSmoothingEnabled = true;
    c.imageSmoothingQuality = 'high';
    // the whole file, dimmed
    c.save();
    c.globalAlpha = 0.35;
    if (src) c.drawImage(src, full.x, full.y, full.w, full.h);
    else {
      c.fillStyle = 'rgba(134, 142, 150, 0.5)';
      c.fillRect(full.x, full.y, full.w, full.h);
    }
    c.restore();
    // the part shown, bright
    if (src) {
      const fx = src.width / full.w;
      const fy = src.height / full.h;
      c.drawImage(src, (rect.x - full.x) * fx, (rect.y - full.y) * fy, rect.w * fx, rect.h * fy, rect.x, rect.y, rect.w, rect.h);
    }
    c.lineWidth = 1 / k;
    c.strokeStyle = 'rgba(134, 142, 150, 0.9)';
    c.setLineDash([4 / k, 4 / k]);
    c.strokeRect(full.x, full.y, full.w, full.h);
    c.setLineDash([]);
    c.strokeStyle = ACCENT;
    c.lineWidth = 1.5 / k;
    c.strokeRect(rect.x, rect.y, rect.w, rect.h);
    // thirds, as croppers draw them
    c.lineWidth = 1 / k;
    c.strokeStyle = 'rgba(255, 255, 255, 0.6)';
    c.beginPath();
    for (const t of [1 / 3, 2 / 3]) {
      c.moveTo(rect.x + rect.w * t, rect.y);
      c.lineTo(rect.x + rect.w * t, rect.y + rect.h);
      c.moveTo(rect.x, rect.y + rect.h * t);
      c.lineTo(rect.x + rect.w, rect.y + rect.h * t);
    }
    c.stroke();
    const hs = HANDLE_PX / k;
    c.fillStyle = '#fff';
    c.strokeStyle = ACCENT;
    c.lineWidth = 1 / k;
    for (const h of HANDLES) {
      const q = handlePoint(rect, h);
      c.fillRect(q.x - hs / 2, q.y - hs / 2, hs, hs);
      c.strokeRect(q.x - hs / 2, q.y - hs / 2, hs, hs);
    }
    return false;
  }

  // Escape and Enter end the mode; any other key (Ctrl+Z, Delete, a tool's letter) ends it and then does what it does
  const onKey = (e: KeyboardEvent) => {
    if (!base || isTyping(e.target) || ['Shift', 'Alt', 'Control', 'Meta'].includes(e.key)) return;
    if (e.key === 'Escape' || e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
    }
    stop();
  };

  // the image deleted or locked by someone: the mode ends; moved, resized or undone: the mode follows it
  d.index.onChange((ids) => {
    if (!base || !ids.has(base.id)) return;
    const now = asImage(d.index.get(base.id));
    if (!now || isLocked(d.doc, base.id)) return void stop();
    const want = croppedGeometry(base, rect);
    const same = now.rotation === base.rotation && near(now.x, want.x) && near(now.y, want.y) && near(now.w, want.w) && near(now.h, want.h);
    if (!same && !drag) rebase(now);
    d.overlay.invalidate();
  });

  function start(id: string): boolean {
    const s = asImage(d.index.get(id));
    if (!s || isLocked(d.doc, id)) return false;
    if (base) stop();
    rebase(s);
    d.undo.beginAction();
    offPainter = d.overlay.addPainter((c, k) => paint(c, k));
    offReady = onImageReady((sha) => sha === base?.file && d.overlay.invalidate());
    window.addEventListener('keydown', onKey, true);
    d.take(tool);
    d.changed(id);
    return true;
  }

  function stop(): void {
    if (!base) return;
    if (drag) write();
    drag = null;
    base = null;
    d.undo.endAction();
    window.removeEventListener('keydown', onKey, true);
    offPainter?.();
    offReady?.();
    offPainter = offReady = null;
    d.take(null);
    d.changed(null);
  }

  return {
    start,
    stop,
    /** the image being cropped, or null */
    active: (): string | null => base?.id ?? null,
    /** Reset crop: the whole file of each image, where it is (one undo step) */
    reset(ids: string[]): void {
      stop();
      d.undo.beginAction();
      for (const id of ids) {
        const s = asImage(d.index.get(id));
        if (s?.crop && !isLocked(d.doc, id)) writeCrop(d.doc, id, uncroppedGeometry(s));
      }
      d.undo.endAction();
    },
  };
}
