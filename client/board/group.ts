/**
 * Groups (Ctrl+G, Ctrl+Shift+G): each member's map holds the same group id (`g`,
 * shared/schema.ts F.group), a short random string, so a group is in the document and
 * every editor sees it. Selecting one member selects the whole group (expandToGroups:
 * a click, find), a marquee takes a group only when it encloses every member
 * (wholeGroups), and since the selection then holds every member, moving, resizing,
 * restyling, copying or deleting it does the same to all. Groups do not nest: grouping
 * shapes of other groups merges them into the new one. Board files and the clipboard
 * keep the group (`group` in the JSON, board/serialize.ts), with fresh ids on every
 * paste or import so a copy never joins the original's group.
 *
 * Finding the members scans the shapes map, and only when one of the ids given is in a
 * group: boards without groups pay nothing.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { newShapeId } from './ids.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';

/** Group ids are 10 characters when made here; anything a peer writes is accepted up to this length. */
export const MAX_GROUP_ID = 64;

/** The group of a shape's map, or null (absent, or not a sensible id). */
export function groupOfMap(map: unknown): string | null {
  if (!(map instanceof Y.Map)) return null;
  const g = map.get(F.group);
  return typeof g === 'string' && g.length > 0 && g.length <= MAX_GROUP_ID ? g : null;
}

/** The group of the shape with this id, or null. */
export const groupOf = (doc: Y.Doc, id: string): string | null => groupOfMap(shapesMap(doc).get(id));

/** Every member of each of these groups, by group. */
export function membersOf(doc: Y.Doc, groups: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (!groups.size) return out;
  for (const [id, map] of shapesMap(doc)) {
    const g = groupOfMap(map);
    if (g === null || !groups.has(g)) continue;
    const list = out.get(g);
    if (list) list.push(id);
    else out.set(g, [id]);
  }
  return out;
}

/**
 * The ids and every other member of their groups (`keep` filters the members added: the
 * editor leaves out locked ones). The ids given come first, in their order.
 */
export function expandToGroups(doc: Y.Doc, ids: Iterable<string>, keep: (id: string) => boolean = () => true): string[] {
  const shapes = shapesMap(doc);
  const out = [...new Set(ids)];
  const groups = new Set<string>();
  for (const id of out) {
    const g = groupOfMap(shapes.get(id));
    if (g !== null) groups.add(g);
  }
  if (!groups.size) return out;
  const seen = new Set(out);
  for (const members of membersOf(doc, groups).values()) {
    for (const id of members) if (!seen.has(id) && keep(id)) (seen.add(id), out.push(id));
  }
  return out;
}

/**
 * The ids (a marquee's catch) without the members of groups that are not all among
 * them, so a marquee selects a group only when it encloses it whole. Members `keep`
 * rejects (locked ones) do not count as missing.
 */
export function wholeGroups(doc: Y.Doc, ids: readonly string[], keep: (id: string) => boolean = () => true): string[] {
  const shapes = shapesMap(doc);
  const groups = new Set<string>();
  for (const id of ids) {
    const g = groupOfMap(shapes.get(id));
    if (g !== null) groups.add(g);
  }
  if (!groups.size) return [...ids];
  const inside = new Set(ids);
  const partial = new Set<string>();
  for (const [g, members] of membersOf(doc, groups)) if (members.some((id) => !inside.has(id) && keep(id))) partial.add(g);
  return partial.size ? ids.filter((id) => !partial.has(groupOfMap(shapes.get(id)) ?? '')) : [...ids];
}

/**
 * Puts the shapes in one new group, one local transaction; returns its id, or null when
 * fewer than two of the ids are shapes (nothing is written).
 */
export function groupShapes(doc: Y.Doc, ids: Iterable<string>): string | null {
  const shapes = shapesMap(doc);
  const maps = [...new Set(ids)].flatMap((id) => {
    const m = shapes.get(id);
    return m instanceof Y.Map ? [m] : [];
  });
  if (maps.length < 2) return null;
  const g = newShapeId();
  doc.transact(() => {
    for (const m of maps) m.set(F.group, g);
  }, LOCAL_ORIGIN);
  return g;
}

/**
 * Dissolves the groups of these shapes (every member, selected or not: a group left with
 * one member is no group), one local transaction; returns the ids that left a group.
 */
export function ungroupShapes(doc: Y.Doc, ids: Iterable<string>): string[] {
  const shapes = shapesMap(doc);
  const groups = new Set<string>();
  for (const id of ids) {
    const g = groupOfMap(shapes.get(id));
    if (g !== null) groups.add(g);
  }
  const members = [...membersOf(doc, groups).values()].flat();
  if (!members.length) return [];
  doc.transact(() => {
    for (const id of members) (shapes.get(id) as Y.Map<unknown>).delete(F.group);
  }, LOCAL_ORIGIN);
  return members;
}

/**
 * A fresh group id for each group id of pasted or imported shapes, the same for every
 * shape of one group; `fresh` is shared by the batches of one insert.
 */
export function freshGroup(fresh: Map<string, string>, g: string): string {
  let n = fresh.get(g);
  if (!n) fresh.set(g, (n = newShapeId()));
  return n;
}
