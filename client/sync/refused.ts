/**
 * Taking a change the relay refused (shared/refused.ts) back out of the local document,
 * after keeping a copy of it. The relay names the clocks [from, to) per client that the
 * refused update wrote; exactly the Items in those ranges are deleted, so everything
 * else (earlier shapes, edits made after the refused one) stays and keeps syncing, and
 * the deletion itself travels as a small update (Yjs keeps only tombstones of them).
 *
 * Pure Yjs, no DOM: tested in Node (refused.test.ts).
 */
import * as Y from 'yjs';
import type { RefusedUpdate } from '../../shared/refused.ts';
import { BOARD_KIND, type ShapeJSON } from '../board/format.ts';
import { makeDocument, shapesToJSON } from '../board/serialize.ts';
import { shapesMap } from '../board/strokes.ts';

export type Ranges = RefusedUpdate['ranges'];

/**
 * Origin of the removal. The undo manager tracks LOCAL_ORIGIN only, so undo never brings
 * the refused change back (it would only be refused again).
 */
export const REFUSED_ORIGIN = Object.freeze({ name: 'refused-change' });

export interface CapturedChange {
  /** the shapes the change created or changed, as they are here, bottom first */
  shapes: ShapeJSON[];
  /** the same as a board file (docs/board-format.md) */
  file: string;
}

/**
 * The not-yet-deleted structs of each range, clamped to what this document holds: a
 * delete of clocks it does not have would wait in Yjs and hit whatever later takes them.
 */
function* liveStructs(doc: Y.Doc, ranges: Ranges): Generator<{ item: Y.Item; from: number; to: number }> {
  for (const { client, from, to } of ranges) {
    const structs = doc.store.clients.get(client);
    const end = Math.min(to, Y.getState(doc.store, client));
    if (!structs || from >= end) continue;
    for (let i = Y.findIndexSS(structs, from); i < structs.length && structs[i].id.clock < end; i++) {
      const s = structs[i];
      if (s instanceof Y.Item && !s.deleted) yield { item: s, from, to: end };
    }
  }
}

/** The id of the shape an item belongs to (the key of its ancestor in the shapes map), or null. */
function shapeOf(item: Y.Item, shapes: Y.Map<Y.Map<unknown>>): string | null {
  for (let it: Y.Item | null = item; it; ) {
    if (it.parent === shapes) return it.parentSub;
    it = it.parent instanceof Y.AbstractType ? it.parent._item : null;
  }
  return null;
}

/** Copies the shapes the refused change created or changed (call before removeRefused). */
export function captureRefused(doc: Y.Doc, ranges: Ranges): CapturedChange {
  const shapes = shapesMap(doc);
  const ids = new Set<string>();
  for (const { item } of liveStructs(doc, ranges)) {
    const id = shapeOf(item, shapes);
    if (id !== null && shapes.has(id)) ids.add(id);
  }
  const json = ids.size ? shapesToJSON(doc, ids) : [];
  return { shapes: json, file: JSON.stringify(makeDocument(BOARD_KIND, json), null, 1) };
}

/**
 * Deletes exactly the Items of the ranges that are not deleted yet, in one transaction
 * (split at the range edges where Yjs merged an Item across them). Returns how many of
 * the ranges' clocks were still live: 0 when the change is already gone.
 */
export function removeRefused(doc: Y.Doc, ranges: Ranges): number {
  // collected first: splitting and deleting change the struct arrays being walked
  const live = [...liveStructs(doc, ranges)];
  let clocks = 0;
  for (const { item, from, to } of live) clocks += Math.min(to, item.id.clock + item.length) - Math.max(from, item.id.clock);
  if (!live.length) return 0;
  Y.transact(
    doc,
    (tr) => {
      for (const { item, from, to } of live) {
        // deleting a shape's map took its children with it
        if (item.deleted) continue;
        const client = item.id.client;
        let target = item;
        if (target.id.clock < from) target = Y.getItemCleanStart(tr, Y.createID(client, from));
        if (target.id.clock + target.length > to) Y.getItemCleanEnd(tr, doc.store, Y.createID(client, to - 1));
        target.delete(tr);
      }
    },
    REFUSED_ORIGIN,
  );
  return clocks;
}
