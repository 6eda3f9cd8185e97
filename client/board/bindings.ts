/**
 * Arrows and lines attached to shapes (the stored form: bindingField.ts). A bound end is
 * placed on its target whenever the arrow is read (readShape calls the module's
 * `attach` with `bindTarget`), so:
 *
 * - moving, resizing or rotating a target moves the end, for everyone, without writing
 *   to the arrow; two people moving the two targets at once each change only their own
 *   shape's fields, and every editor derives the same arrow from the merged shapes;
 * - an undo of the target's move brings the end back with it;
 * - the spatial index re-reads the arrows bound to a shape whenever that shape changes
 *   (BindingDeps), so tiles, picking and the live layer follow.
 *
 * Deleting a target (detachFrom, inside the delete's transaction) first writes the arrow's
 * current ends into its own fields and drops the binding: the arrow stays where it was,
 * and an undo of the delete brings the binding back. Moving an arrow without its target
 * (detachMoved) frees that end where it is, as in tldraw and Excalidraw.
 */
import * as Y from 'yjs';
import type { BindTarget } from '../shapes/common/attach.ts';
import { moduleOfMap } from '../shapes/registry.ts';
import { BIND_KEYS, bindingsOfMap, writeBinding, type Binding } from './bindingField.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { newPointsCache, readShape } from './read.ts';
import { shapesMap } from './strokes.ts';

/** The target of a binding of the arrow in `arrowMap`, read from the map holding both; null when missing, itself or unbindable. */
export function bindTarget(arrowMap: Y.Map<unknown>, arrowId: string, to: string): BindTarget | null {
  const shapes = arrowMap.parent;
  if (!(shapes instanceof Y.Map) || to === arrowId) return null;
  const map: unknown = shapes.get(to);
  if (!(map instanceof Y.Map)) return null;
  const module = moduleOfMap(map);
  // only shapes with an outline take bindings: never an arrow, so a binding never leads to another binding
  if (!module?.outline) return null;
  const s = module.read(to, map, newPointsCache());
  return s ? { x: s.x, y: s.y, rotation: s.rotation, box: module.localBox(s), outline: module.outline } : null;
}

/** The shapes each shape's ends are bound to, and back: which arrows to re-read when a shape changes. */
export class BindingDeps {
  private targetsOf = new Map<string, string[]>();
  private boundTo = new Map<string, Set<string>>();

  /** Records what the shape's map binds to now (undefined: the shape is gone). */
  update(id: string, map: unknown): void {
    for (const t of this.targetsOf.get(id) ?? []) this.boundTo.get(t)?.delete(id);
    this.targetsOf.delete(id);
    const targets = bindingsOfMap(map).flatMap((b) => (b && b.to !== id ? [b.to] : []));
    if (!targets.length) return;
    this.targetsOf.set(id, targets);
    for (const t of targets) {
      let set = this.boundTo.get(t);
      if (!set) this.boundTo.set(t, (set = new Set()));
      set.add(id);
    }
  }

  /** `ids` and every shape bound to one of them (one level: bound shapes are never bound to). */
  withDependents(ids: Set<string>): Set<string> {
    let out = ids;
    for (const id of ids) {
      const deps = this.boundTo.get(id);
      if (!deps?.size) continue;
      if (out === ids) out = new Set(ids);
      for (const d of deps) out.add(d);
    }
    return out;
  }
}

/** Writes the shape's current (derived) ends into its own fields, and frees the ends `free` says (inside the caller's transaction). */
function settle(id: string, map: Y.Map<unknown>, free: (b: Binding) => boolean): void {
  const ends = moduleOfMap(map)?.ends;
  const s = readShape(id, map);
  if (!ends || !s) return;
  const [a, b] = ends.get(s);
  ends.set(map, a, b);
  bindingsOfMap(map).forEach((bd, i) => {
    if (bd && free(bd)) writeBinding(map, i as 0 | 1, null);
  });
}

/** Arrows bound to a shape about to be deleted keep their place and lose that binding (inside the delete's transaction). */
export function detachFrom(doc: Y.Doc, deleted: ReadonlySet<string>): void {
  if (!deleted.size) return;
  for (const [id, map] of shapesMap(doc)) {
    if (deleted.has(id) || !BIND_KEYS.some((k) => map.has(k))) continue;
    if (bindingsOfMap(map).some((b) => b && deleted.has(b.to))) settle(id, map, (b) => deleted.has(b.to));
  }
}

/** Moved arrows keep the ends bound to shapes that move with them and free the others where they are (inside the move's transaction). */
export function detachMoved(doc: Y.Doc, moved: ReadonlySet<string>): void {
  const shapes = shapesMap(doc);
  for (const id of moved) {
    const map = shapes.get(id);
    if (map && bindingsOfMap(map).some((b) => b && !moved.has(b.to))) settle(id, map, (b) => !moved.has(b.to));
  }
}

/** Stores the ends where they are drawn now (after a gesture), so a target deleted by someone else leaves the arrow there. */
export function settleEnds(doc: Y.Doc, id: string): void {
  const map = shapesMap(doc).get(id);
  if (map) doc.transact(() => settle(id, map, () => false), LOCAL_ORIGIN);
}

/** Binds one end of a line or arrow (null frees it), one local transaction. */
export function bindEnd(doc: Y.Doc, id: string, end: 0 | 1, b: Binding | null): void {
  const map = shapesMap(doc).get(id);
  if (map) doc.transact(() => writeBinding(map, end, b), LOCAL_ORIGIN);
}
