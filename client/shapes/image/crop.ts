/**
 * Cropping an image (client/images/cropMode.ts is the gesture): the math in the shape's
 * local frame (origin at its x, y, unrotated), and the one write of a crop to its map.
 *
 * The crop is [x0, y0, x1, y1], the part of the file shown as fractions of its natural
 * size, kept in the map as one field per edge (cx0, cy0, cx1, cy1: readCrop), so
 * concurrent crops of different edges merge; boards from before hold it as one array in
 * `crop`, read when no edge field is there (board/sanitize.ts safeCrop checks either:
 * four finite numbers clamped to 0..1, x0 < x1 and y0 < y1 at least 1/1000 apart, else
 * none). The box (w, h) shows
 * that part, so the whole file spans `fullRect` around the box: cropping moves the box
 * over the file, which keeps its place on the board, and a resize scales the visible part.
 */
import * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import { LOCAL_ORIGIN } from '../../board/origin.ts';
import { safeCrop } from '../../board/sanitize.ts';
import { shapesMap } from '../../board/strokes.ts';
import { setNum } from '../common/fields.ts';
import { toBoard, type Point } from '../common/local.ts';

export type Crop = [number, number, number, number];

/** A rectangle in a shape's local frame. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** What cropping needs of an image shape. */
export interface Croppable {
  x: number;
  y: number;
  rotation: number;
  w: number;
  h: number;
  crop: Crop | null;
}

/** The new geometry of a cropped image (board coordinates). */
export interface CropGeometry {
  x: number;
  y: number;
  w: number;
  h: number;
  crop: Crop | null;
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: readonly Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Crop fractions are stored to 1/10^6: under a pixel of the largest file (65,535 px). */
export const roundFraction = (v: number) => Math.round(v * 1e6) / 1e6;

/** The map fields of the crop's edges, in [x0, y0, x1, y1] order, and their values when absent. */
export const CROP_EDGES = [F.cropX0, F.cropY0, F.cropX1, F.cropY1] as const;
const WHOLE: Crop = [0, 0, 1, 1];

/** An image map's crop: its edge fields, else the array of older boards; null: all of it. */
export function readCrop(map: Y.Map<unknown>): Crop | null {
  if (!CROP_EDGES.some((k) => map.has(k))) return safeCrop(map.get(F.crop));
  return safeCrop(CROP_EDGES.map((k, i) => (map.has(k) ? map.get(k) : WHOLE[i])));
}

/**
 * Sets the crop (inside the caller's transaction), writing only the edges that changed,
 * so a concurrent crop of another edge is kept. An older board's array is replaced by
 * the edge fields; all of the file removes them.
 */
export function setCrop(map: Y.Map<unknown>, crop: Crop | null): void {
  const legacy = map.has(F.crop);
  const now = legacy ? WHOLE : (readCrop(map) ?? WHOLE);
  if (legacy) map.delete(F.crop);
  if (!crop) {
    for (const k of CROP_EDGES) if (map.has(k)) map.delete(k);
    return;
  }
  CROP_EDGES.forEach((k, i) => {
    const v = roundFraction(crop[i]);
    if (v !== now[i] || (map.has(k) && map.get(k) !== v)) map.set(k, v);
  });
}

/** The whole file in the shape's local frame: the box shows the crop of it. */
export function fullRect(s: { w: number; h: number; crop: Crop | null }): Rect {
  const [x0, y0, x1, y1] = s.crop ?? [0, 0, 1, 1];
  const w = s.w / (x1 - x0);
  const h = s.h / (y1 - y0);
  return { x: -x0 * w + 0, y: -y0 * h + 0, w, h };
}

/** The box in its own local frame. */
export const boxRect = (s: { w: number; h: number }): Rect => ({ x: 0, y: 0, w: s.w, h: s.h });

/** The crop (fractions of the file) a rect over the whole file shows; null when it is all of it. */
export function cropOf(full: Rect, r: Rect): Crop | null {
  const c = [(r.x - full.x) / full.w, (r.y - full.y) / full.h, (r.x + r.w - full.x) / full.w, (r.y + r.h - full.y) / full.h].map((v) => clamp(roundFraction(v), 0, 1));
  return safeCrop(c);
}

/**
 * The image's geometry when the part of the file under `r` (in the local frame of the
 * shape `s` as it was when cropping began) is shown: the box moves to r, rotated as the
 * shape is, so the file stays where it is on the board.
 */
export function croppedGeometry(s: Croppable, r: Rect): CropGeometry {
  const full = fullRect(s);
  const o = toBoard(s, r.x, r.y);
  return { x: o.x, y: o.y, w: r.w, h: r.h, crop: cropOf(full, r) };
}

/** The geometry that shows the whole file where it is (Reset crop). */
export const uncroppedGeometry = (s: Croppable): CropGeometry => croppedGeometry(s, fullRect(s));

/** Smallest crop rect: `minPx` local px (a few screen px), never more than the file itself. */
function mins(full: Rect, minPx: number) {
  return { w: Math.min(full.w, Math.max(minPx, full.w * 2e-3)), h: Math.min(full.h, Math.max(minPx, full.h * 2e-3)) };
}

/**
 * A handle of the crop rect `start` dragged to the local point `p`: its edges follow,
 * inside the file and at least `minPx` wide and high. `keepRatio` (Shift on a corner)
 * keeps the start's proportions.
 */
export function dragHandle(start: Rect, handle: Handle, p: Point, full: Rect, minPx: number, keepRatio = false): Rect {
  const m = mins(full, minPx);
  let x0 = start.x;
  let y0 = start.y;
  let x1 = start.x + start.w;
  let y1 = start.y + start.h;
  if (handle.includes('w')) x0 = clamp(p.x, full.x, x1 - m.w);
  if (handle.includes('e')) x1 = clamp(p.x, x0 + m.w, full.x + full.w);
  if (handle.includes('n')) y0 = clamp(p.y, full.y, y1 - m.h);
  if (handle.includes('s')) y1 = clamp(p.y, y0 + m.h, full.y + full.h);
  if (keepRatio && handle.length === 2 && start.w > 0 && start.h > 0) {
    const ratio = start.w / start.h;
    // the larger change wins, then both are cut to what fits the file on the moving sides
    let w = x1 - x0;
    let h = y1 - y0;
    if (w / h > ratio) h = w / ratio;
    else w = h * ratio;
    const roomW = handle.includes('w') ? start.x + start.w - full.x : full.x + full.w - start.x;
    const roomH = handle.includes('n') ? start.y + start.h - full.y : full.y + full.h - start.y;
    const k = Math.min(1, roomW / w, roomH / h);
    w = Math.max(m.w, w * k);
    h = Math.max(m.h, h * k);
    if (handle.includes('w')) x0 = x1 - w;
    else x1 = x0 + w;
    if (handle.includes('n')) y0 = y1 - h;
    else y1 = y0 + h;
  }
  return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
}

/** The crop rect moved by (dx, dy) (local), kept inside the file. */
export function moveRect(start: Rect, dx: number, dy: number, full: Rect): Rect {
  return {
    x: clamp(start.x + dx, full.x, full.x + full.w - start.w),
    y: clamp(start.y + dy, full.y, full.y + full.h - start.h),
    w: start.w,
    h: start.h,
  };
}

/** Where a handle of the rect sits (local). */
export function handlePoint(r: Rect, handle: Handle): Point {
  const x = handle.includes('w') ? r.x : handle.includes('e') ? r.x + r.w : r.x + r.w / 2;
  const y = handle.includes('n') ? r.y : handle.includes('s') ? r.y + r.h : r.y + r.h / 2;
  return { x, y };
}

/** The handle within `tol` of the local point (corners first), 'inside' the rect, 'file' on the rest of the file, or null outside it. */
export function cropHit(r: Rect, full: Rect, p: Point, tol: number): Handle | 'inside' | 'file' | null {
  const order: Handle[] = ['nw', 'ne', 'se', 'sw', 'n', 'e', 's', 'w'];
  for (const h of order) {
    const q = handlePoint(r, h);
    if (Math.abs(p.x - q.x) <= tol && Math.abs(p.y - q.y) <= tol) return h;
  }
  const inRect = (b: Rect) => p.x >= b.x && p.x <= b.x + b.w && p.y >= b.y && p.y <= b.y + b.h;
  if (inRect(r)) return 'inside';
  return inRect(full) ? 'file' : null;
}

/** The CSS cursor of a handle of a shape rotated by `rotation` degrees. */
export function handleCursor(handle: Handle, rotation: number): string {
  const angle = { n: 0, ne: 45, e: 90, se: 135, s: 180, sw: 225, w: 270, nw: 315 }[handle] + rotation;
  const step = ((Math.round(angle / 45) % 8) + 8) % 8;
  return ['ns-resize', 'nesw-resize', 'ew-resize', 'nwse-resize'][step % 4];
}

/**
 * Writes an image's crop geometry (inside the caller's undo step; one local
 * transaction): only the edges moved (setCrop). The box (x, y, w, h) stays one set of
 * fields: two people cropping opposite edges at once both keep their edge, and the
 * box's width is the last writer's.
 */
export function writeCrop(doc: Y.Doc, id: string, g: CropGeometry): void {
  const map = shapesMap(doc).get(id);
  if (!(map instanceof Y.Map)) return;
  doc.transact(() => {
    setNum(map, F.x, g.x);
    setNum(map, F.y, g.y);
    setNum(map, F.w, Math.max(1, g.w));
    setNum(map, F.h, Math.max(1, g.h));
    setCrop(map, g.crop && safeCrop(g.crop.map(roundFraction)));
  }, LOCAL_ORIGIN);
}
