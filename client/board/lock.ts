/**
 * Locking shapes (Ctrl+Shift+L, the style panel's lock button, Menu > Unlock all). The
 * lock is a field of the shape's map (`lk: 1`, shared/schema.ts F.locked), so every editor
 * honours it: picking skips locked shapes (click, marquee, select all, the eraser), the
 * selection drops a shape as soon as anyone locks it, and the editor's commands (move,
 * nudge, resize, rotate, restyle, reorder, delete, text editing) leave them alone, and so
 * does anyone's undo or redo (undoLock.ts). As in tldraw, a
 * locked shape is background: a click goes through it to what lies below. Locking and
 * unlocking are each one local transaction (LOCAL_ORIGIN), one undo step of whoever did it.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';

/** Whether a shape's map says it is locked. */
export const isLockedMap = (map: unknown): boolean => map instanceof Y.Map && map.get(F.locked) === 1;

/** Whether the shape with this id is locked (false when there is none). */
export const isLocked = (doc: Y.Doc, id: string): boolean => isLockedMap(shapesMap(doc).get(id));

/** The ids that are not locked, in the order given. */
export function unlockedIds(doc: Y.Doc, ids: Iterable<string>): string[] {
  const shapes = shapesMap(doc);
  const out: string[] = [];
  for (const id of ids) if (!isLockedMap(shapes.get(id))) out.push(id);
  return out;
}

/** Every locked shape's id. */
export function lockedIds(doc: Y.Doc): string[] {
  const out: string[] = [];
  for (const [id, map] of shapesMap(doc)) if (isLockedMap(map)) out.push(id);
  return out;
}

/**
 * Locks or unlocks shapes, one local transaction; returns the ids whose state changed
 * (those already so, and ids with no shape, are left out and not written).
 */
export function setLocked(doc: Y.Doc, ids: Iterable<string>, locked: boolean): string[] {
  const shapes = shapesMap(doc);
  const changed: string[] = [];
  doc.transact(() => {
    for (const id of ids) {
      const map = shapes.get(id);
      if (!(map instanceof Y.Map) || isLockedMap(map) === locked) continue;
      if (locked) map.set(F.locked, 1);
      else map.delete(F.locked);
      changed.push(id);
    }
  }, LOCAL_ORIGIN);
  return changed;
}

/** Unlocks every locked shape (Menu > Unlock all); returns their ids. */
export const unlockAll = (doc: Y.Doc): string[] => setLocked(doc, lockedIds(doc), false);
