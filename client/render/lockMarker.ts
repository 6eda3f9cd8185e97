/**
 * The lock marker (board/lock.ts): a small padlock at the top-right corner of a locked
 * shape, shown while the pointer is over it in the editor (where a click would have hit it,
 * before the click goes through to what lies below, as tldraw shows its lock icon), and on
 * every locked shape while Menu > Unlock all is pointed at or focused (a preview of what it
 * unlocks). One overlay painter (render/overlay.ts): it reads the few shapes' bounds from
 * the spatial index and draws two paths each, nothing when nothing is shown; the shapes
 * under the pointer are found again only when the pointer moves, the board changes or the
 * camera moves under a still pointer.
 */
import type * as Y from 'yjs';
import { isLocked, lockedIds } from '../board/lock.ts';
import type { ShapeIndex } from '../board/spatial.ts';
import type { Camera } from './camera.ts';
import type { Overlay } from './overlay.ts';

/** pick tolerance in screen px (the select tool's) */
const PICK_PX = 5;
/** padlock body size in screen px */
const SIZE = 12;

/**
 * The locked shapes a click at the point would have hit: those above the topmost
 * unlocked one, topmost first (usually one).
 */
export function lockedUnder(doc: Y.Doc, index: ShapeIndex, x: number, y: number, tol: number): string[] {
  const out: string[] = [];
  for (const s of index.hitAll(x, y, tol)) {
    if (!isLocked(doc, s.id)) break;
    out.push(s.id);
  }
  return out;
}

/** Paints a padlock whose body's top-left is at (x, y), board coordinates, SIZE screen px wide. */
function paintPadlock(c: CanvasRenderingContext2D, x: number, y: number, scale: number): void {
  const u = SIZE / scale;
  const w = u;
  const h = u * 0.75;
  const r = u * 0.28;
  c.lineWidth = 1.6 / scale;
  c.strokeStyle = '#ffffff';
  c.fillStyle = '#495057';
  // shackle
  c.beginPath();
  c.arc(x + w / 2, y, r, Math.PI, 0);
  c.lineTo(x + w / 2 + r, y + h * 0.2);
  c.moveTo(x + w / 2 - r, y + h * 0.2);
  c.lineTo(x + w / 2 - r, y);
  c.lineWidth = 4 / scale;
  c.strokeStyle = '#ffffff';
  c.stroke();
  c.lineWidth = 1.8 / scale;
  c.strokeStyle = '#495057';
  c.stroke();
  // body
  c.beginPath();
  c.rect(x, y, w, h);
  c.lineWidth = 1.5 / scale;
  c.strokeStyle = '#ffffff';
  c.fill();
  c.stroke();
}

export interface LockMarker {
  /** the pointer in board coordinates, or null when it left the board */
  pointer(p: { x: number; y: number } | null): void;
  /** Menu > Unlock all is pointed at (true) or left (false) */
  preview(on: boolean): void;
  /** the ids a padlock is drawn on (test hook) */
  shown(): string[];
  destroy(): void;
}

export function installLockMarker(doc: Y.Doc, index: ShapeIndex, camera: Camera, overlay: Overlay): LockMarker {
  let at: { x: number; y: number } | null = null;
  /** where the pointer is on screen: a pan or zoom moves the board under it */
  let screen: { x: number; y: number } | null = null;
  let hovered: string[] = [];
  let previewing = false;
  const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
  const refresh = () => {
    const next = at ? lockedUnder(doc, index, at.x, at.y, PICK_PX / camera.scale) : [];
    if (same(next, hovered)) return;
    hovered = next;
    overlay.invalidate();
  };
  const shown = (): string[] => {
    if (!previewing) return hovered.filter((id) => index.has(id));
    return [...new Set([...hovered, ...lockedIds(doc)])].filter((id) => index.has(id));
  };
  const offIndex = index.onChange(() => {
    refresh();
    if (previewing) overlay.invalidate();
  });
  const offCamera = camera.onChange(() => {
    if (!screen) return;
    at = camera.toBoard(screen.x, screen.y);
    refresh();
  });
  const offPainter = overlay.addPainter((c, scale) => {
    if (!hovered.length && !previewing) return false;
    for (const id of shown()) {
      const b = index.bounds(id);
      if (!b) continue;
      // just outside the top-right corner
      paintPadlock(c, b.maxX + 4 / scale, b.minY - (SIZE * 0.75 + 4) / scale, scale);
    }
    return false;
  });
  return {
    pointer(p) {
      at = p;
      screen = p && camera.toScreen(p.x, p.y);
      refresh();
    },
    preview(on) {
      if (previewing === on) return;
      previewing = on;
      overlay.invalidate();
    },
    shown,
    destroy() {
      offIndex();
      offCamera();
      offPainter();
    },
  };
}
