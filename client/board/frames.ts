/**
 * Frames and what belongs to them (as Excalidraw's frameId): a member's map holds its
 * frame's id (`fr`, shared/schema.ts F.frame); coordinates stay on the board, so nothing
 * else changes for a member. Moving a frame moves its members (withFrameMembers, used by
 * moveShapes), turning one turns them with it (frameTurn.ts, from transformShapes),
 * deleting, duplicating or copying one takes them along, and members are painted clipped
 * to it (render/frameClip.ts).
 *
 * Who belongs where is settled after each local action (settleFrames, called by
 * frameKeeper.ts inside the action's undo step): a shape dropped, drawn, pasted or
 * resized belongs to the frame its centre lies in (its own frame first, then the
 * topmost); a frame drawn or resized (not moved or turned) takes the shapes lying
 * wholly inside it (as tldraw does when a frame is dropped onto them) and lets go of
 * members whose centre is left outside; a deleted frame's members are let go. Frames do not nest and locked shapes
 * are not written. Everything a peer wrote is checked where it is read: a member whose
 * frame is missing, not a frame, or does not hold its centre (two people moved the two
 * at once) is treated as in no frame, so it is never clipped out of sight.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { asFrame, type FrameShape } from '../shapes/frame/index.ts';
import type { Shape } from '../shapes/types.ts';
import { boundsOf, toLocal, type Box } from './geometry.ts';
import { isLockedMap } from './lock.ts';
import { compareShapes } from './order.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { safeId } from './sanitize.ts';
import type { ShapeIndex } from './spatial.ts';
import { shapesMap } from './strokes.ts';

/** Whether a shape's map is a frame. */
export const isFrameMap = (map: unknown): boolean => map instanceof Y.Map && map.get(F.type) === 'frame';

/** The frame id a shape's map names (not checked to be a frame), or null. */
export const frameRefOfMap = (map: unknown): string | null => (map instanceof Y.Map ? safeId(map.get(F.frame)) : null);

/** Whether the board point lies in the frame's box (in its own rotated frame). */
export function frameHolds(f: FrameShape, x: number, y: number): boolean {
  const p = toLocal(f, x, y);
  return p.x >= 0 && p.y >= 0 && p.x <= f.w && p.y <= f.h;
}

/** Whether the box lies wholly inside the frame. */
export const frameEncloses = (f: FrameShape, b: Box): boolean =>
  frameHolds(f, b.minX, b.minY) && frameHolds(f, b.maxX, b.minY) && frameHolds(f, b.maxX, b.maxY) && frameHolds(f, b.minX, b.maxY);

const centre = (b: Box) => ({ x: (b.minX + b.maxX) / 2, y: (b.minY + b.maxY) / 2 });

/**
 * The frame a shape is shown in: the one it names, if that is a frame holding the
 * shape's centre; else null. `get` looks shapes up (the spatial index, or an export's).
 */
export function shownFrame(s: Shape, get: (id: string) => Shape | undefined): FrameShape | null {
  if (!s.frame || s.frame === s.id) return null;
  const f = asFrame(get(s.frame));
  if (!f) return null;
  const c = centre(boundsOf(s));
  return frameHolds(f, c.x, c.y) ? f : null;
}

/** The ids of the shapes that belong to each of these frames (any map naming one), by frame. */
export function frameMembers(doc: Y.Doc, frames: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!frames.size) return out;
  for (const [id, map] of shapesMap(doc)) {
    const f = frameRefOfMap(map);
    if (f === null || f === id || !frames.has(f)) continue;
    const list = out.get(f);
    if (list) list.push(id);
    else out.set(f, [id]);
  }
  return out;
}

/**
 * The ids and the members of the frames among them, each once (ids first, in their
 * order). Locked members stay where they are (board/lock.ts). Scans the shapes map only
 * when a frame is among the ids.
 */
export function withFrameMembers(doc: Y.Doc, ids: Iterable<string>): string[] {
  const shapes = shapesMap(doc);
  const out = [...new Set(ids)];
  const frames = new Set(out.filter((id) => isFrameMap(shapes.get(id))));
  if (!frames.size) return out;
  const seen = new Set(out);
  for (const members of frameMembers(doc, frames).values()) {
    for (const id of members) if (!seen.has(id) && !isLockedMap(shapes.get(id))) (seen.add(id), out.push(id));
  }
  return out;
}

/** Every frame on the board in presentation order: their stacking order, bottom first (creation order unless reordered). */
export function framesInOrder(index: ShapeIndex): FrameShape[] {
  const out: FrameShape[] = [];
  for (const id of index.ids()) {
    const f = asFrame(index.get(id));
    if (f) out.push(f);
  }
  return out.sort(compareShapes);
}

/** What a local action did, for settleFrames. */
export interface Touched {
  /** shapes added, moved, resized or otherwise changed */
  changed: ReadonlySet<string>;
  /** frames drawn or resized (they take what lies inside them) */
  reframed: ReadonlySet<string>;
  /** shapes deleted */
  deleted: ReadonlySet<string>;
}

/**
 * Settles who belongs to which frame after a local action, in one local transaction
 * (the caller runs it inside the action's undo step). `index` must be up to date with
 * the document (the spatial index updates within each transaction). Returns the number
 * of shapes whose frame changed.
 */
export function settleFrames(doc: Y.Doc, index: ShapeIndex, touched: Touched): number {
  const shapes = shapesMap(doc);
  // topmost first: a shape dropped where frames overlap goes to the one on top
  const frames = framesInOrder(index).reverse();
  const byId = new Map(frames.map((f) => [f.id, f]));
  const writes = new Map<string, string | null>();
  const place = (id: string, to: string | null) => {
    const map = shapes.get(id);
    if (!map || isLockedMap(map) || isFrameMap(map)) return;
    if (frameRefOfMap(map) !== to) writes.set(id, to);
  };
  /** the frame that should hold a shape: its own if it still holds its centre, else the topmost that does */
  const home = (s: Shape): string | null => {
    const c = centre(boundsOf(s));
    const own = s.frame ? byId.get(s.frame) : undefined;
    if (own && frameHolds(own, c.x, c.y)) return own.id;
    return frames.find((f) => frameHolds(f, c.x, c.y))?.id ?? null;
  };

  for (const id of touched.changed) {
    const s = index.get(id);
    if (s && s.type !== 'frame') place(id, home(s));
  }
  const gone = new Set([...touched.deleted].filter((id) => !index.has(id)));
  const released = new Set([...touched.reframed, ...gone]);
  if (released.size) {
    for (const [frame, members] of frameMembers(doc, released)) {
      for (const id of members) {
        const s = index.get(id);
        if (!s) continue;
        if (gone.has(frame)) place(id, null);
        else if (!touched.changed.has(id)) place(id, home(s));
      }
    }
  }
  for (const id of touched.reframed) {
    const f = byId.get(id);
    if (!f) continue;
    const b = boundsOf(f);
    for (const s of index.inside(b)) {
      if (s.type === 'frame' || writes.get(s.id) === f.id) continue;
      // a shape held by another frame stays there; one held by none comes in
      const current = writes.has(s.id) ? (writes.get(s.id) ?? null) : (s.frame ?? null);
      const held = current !== null && current !== f.id && byId.has(current) && home({ ...s, frame: current }) === current;
      if (!held && frameEncloses(f, boundsOf(s))) place(s.id, f.id);
    }
  }
  if (!writes.size) return 0;
  doc.transact(() => {
    for (const [id, to] of writes) {
      const map = shapes.get(id)!;
      if (to === null) map.delete(F.frame);
      else map.set(F.frame, to);
    }
  }, LOCAL_ORIGIN);
  return writes.size;
}

/** Renames a frame, one local transaction; an empty name clears it (shown as "Frame"). Returns false when it is no frame. */
export function renameFrame(doc: Y.Doc, id: string, name: string, max: number): boolean {
  const map = shapesMap(doc).get(id);
  if (!isFrameMap(map) || isLockedMap(map)) return false;
  const m = map as Y.Map<unknown>;
  const clean = Array.from(name.trim()).slice(0, max).join('');
  if ((m.get(F.name) ?? '') === clean) return true;
  doc.transact(() => (clean ? m.set(F.name, clean) : m.delete(F.name)), LOCAL_ORIGIN);
  return true;
}
