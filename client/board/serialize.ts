/**
 * Shapes <-> portable JSON (format.ts): what copy, paste, duplicate, board export and
 * import are made of. Inserting always creates fresh ids and z keys on top, in one
 * local transaction, so a paste or an import is a single undo step.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { moduleFor, shapeModule } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { bindingsOfMap, writeBinding } from './bindingField.ts';
import { frameRefOfMap } from './frames.ts';
import { freshGroup, groupOfMap } from './group.ts';
import { isLockedMap } from './lock.ts';
import { BOARD_KIND, CLIPBOARD_KIND, FORMAT_VERSION, FormatError, type ShapeJSON, type ShapesDocument } from './format.ts';
import { newShapeId } from './ids.ts';
import { compareShapes, keyBetween, nextZ } from './order.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { readShape } from './read.ts';
import { shapesMap } from './strokes.ts';

/** One shape as JSON, by its module. */
export const shapeToJSON = (s: Shape): ShapeJSON => moduleFor(s).toJson(s);

/** The given shapes (all if `ids` is omitted) as JSON, bottom first. */
export function shapesToJSON(doc: Y.Doc, ids?: Iterable<string>): ShapeJSON[] {
  const shapes = shapesMap(doc);
  const list: Shape[] = [];
  for (const id of ids ?? shapes.keys()) {
    const m = shapes.get(id);
    const s = m && readShape(id, m);
    if (s) list.push(s);
  }
  list.sort(compareShapes);
  const at = new Map(list.map((s, i) => [s.id, i]));
  return list.map((s) => withBoardFields(shapeToJSON(s), shapes.get(s.id), at));
}

/** Adds what the document holds beside a shape's own fields: its group, its lock, and its ends' bindings to shapes in the same list (by index). */
function withBoardFields(j: ShapeJSON, map: unknown, at: ReadonlyMap<string, number>): ShapeJSON {
  const g = groupOfMap(map);
  if (g !== null) j.group = g;
  if (isLockedMap(map)) j.locked = true;
  // its frame, when that is in the list too (by index, like bindings)
  const f = frameRefOfMap(map);
  const fi = f === null ? undefined : at.get(f);
  if (fi !== undefined) j.frame = fi;
  bindingsOfMap(map).forEach((b, end) => {
    const i = b ? at.get(b.to) : undefined;
    if (b && i !== undefined) j[end ? 'end' : 'start'] = { shape: i, x: b.ax, y: b.ay };
  });
  return j;
}

/** The new ids of one insert, across its batches: a binding names its target by its index in the whole list. */
export interface InsertIds {
  all: string[];
  /** index of the next batch's first shape */
  next: number;
}

export const insertIds = (n: number): InsertIds => ({ all: Array.from({ length: n }, () => newShapeId()), next: 0 });

export function makeDocument(kind: ShapesDocument['kind'], shapes: ShapeJSON[]): ShapesDocument {
  return { kind, version: FORMAT_VERSION, shapes };
}

/**
 * Clipboard text for the given shapes. `source` (the board's view id) is written when
 * some of them show a file, so a paste into another board can copy the files (format.ts).
 */
export function copyShapes(doc: Y.Doc, ids: Iterable<string>, source?: { view: string }): string {
  const shapes = shapesToJSON(doc, ids);
  const out: ShapesDocument = makeDocument(CLIPBOARD_KIND, shapes);
  if (source && shapes.some((s) => s.file !== undefined)) out.source = { view: source.view };
  return JSON.stringify(out);
}

/** The whole board as a file. */
export function exportBoard(doc: Y.Doc): string {
  return JSON.stringify(makeDocument(BOARD_KIND, shapesToJSON(doc)), null, 1);
}

/** Bounding box of the origins of some shapes (to paste them where the user points). */
export function originsBox(shapes: readonly ShapeJSON[]): { x: number; y: number } | null {
  if (!shapes.length) return null;
  let x = Infinity;
  let y = Infinity;
  for (const s of shapes) {
    x = Math.min(x, s.x);
    y = Math.min(y, s.y);
  }
  return { x, y };
}

/**
 * Adds shapes (from JSON) on top of the board, moved by (dx, dy); returns their new ids
 * in the same order. One local transaction: one undo step. Groups get fresh ids (a
 * pasted copy is a group of its own); `groups` carries them across the batches of one
 * insert. Locked shapes stay locked.
 */
export function insertShapes(doc: Y.Doc, list: readonly ShapeJSON[], opts: { author: string; dx?: number; dy?: number; groups?: Map<string, string>; ids?: InsertIds }): string[] {
  const groups = opts.groups ?? new Map<string, string>();
  const run = opts.ids ?? insertIds(list.length);
  const first = run.next;
  run.next += list.length;
  const shapes = shapesMap(doc);
  const dx = opts.dx ?? 0;
  const dy = opts.dy ?? 0;
  const ids: string[] = [];
  // before the transaction, so an unknown type leaves nothing half inserted (parseShapesDocument rules them out)
  const modules = list.map((s) => {
    const m = shapeModule(s.type);
    if (!m) throw new FormatError(`unknown shape type "${s.type}"`);
    return m;
  });
  doc.transact(() => {
    let z = nextZ(shapes);
    for (const [i, s] of list.entries()) {
      const id = run.all[first + i] ?? newShapeId();
      const map = new Y.Map<unknown>();
      shapes.set(id, map);
      modules[i].fromJson(map, s, { z, author: opts.author, dx, dy });
      if (s.group) map.set(F.group, freshGroup(groups, s.group));
      if (s.locked === true) map.set(F.locked, 1);
      // its frame, by index like bindings (parseShapesDocument checked it names a frame)
      const frame = typeof s.frame === 'number' && s.frame !== first + i && s.type !== 'frame' ? run.all[s.frame] : undefined;
      if (frame) map.set(F.frame, frame);
      // a target in a later batch is missing until it arrives: the arrow shows its stored ends meanwhile
      [s.start, s.end].forEach((b, end) => {
        const to = b && b.shape !== first + i ? run.all[b.shape] : undefined;
        if (b && to) writeBinding(map, end as 0 | 1, { to, ax: b.x, ay: b.y });
      });
      ids.push(id);
      z = keyBetween(z, null);
    }
  }, LOCAL_ORIGIN);
  return ids;
}
