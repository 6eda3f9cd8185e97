/**
 * Z ordering: fractional-index keys, so concurrent inserts and reorders merge.
 *
 * Each shape's `z` is its own map field, so two people reordering at once can never
 * duplicate or lose a shape: each shape ends with one key (last writer wins per shape)
 * and the order is the sort of those keys. Ties (two peers computed the same key) are
 * broken by id, so every peer sorts the same way.
 */
import * as Y from 'yjs';
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';
import { F, SHAPES } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapeZ } from './shapeKeys.ts';

export type ReorderOp = 'forward' | 'backward' | 'front' | 'back';

const shapes = (doc: Y.Doc) => doc.getMap<Y.Map<unknown>>(SHAPES);

/** A key strictly between a and b (either may be null = open end), robust to odd keys from peers. */
export function keyBetween(a: string | null, b: string | null): string {
  try {
    return generateKeyBetween(a, b);
  } catch {
    // A peer wrote a key this library cannot parse (or a >= b). Any extension of `a`
    // still sorts above it as a plain string, which is all the renderer compares.
    return a === null ? (b === null ? 'a0' : `${b.slice(0, -1)}`) : `${a}V`;
  }
}

function keysBetween(a: string | null, b: string | null, n: number): string[] {
  try {
    return generateNKeysBetween(a, b, n);
  } catch {
    const out: string[] = [];
    let prev = a;
    for (let i = 0; i < n; i++) out.push((prev = keyBetween(prev, b)));
    return out;
  }
}

function extremeZ(map: Y.Map<Y.Map<unknown>>, top: boolean): string | null {
  let best: string | null = null;
  for (const shape of map.values()) {
    const z = shapeZ(shape);
    if (z !== null && (best === null || (top ? z > best : z < best))) best = z;
  }
  return best;
}

/** A key greater than every shape's z: new shapes go on top. */
export function nextZ(map: Y.Map<Y.Map<unknown>>): string {
  return keyBetween(extremeZ(map, true), null);
}

/** A key below every shape's z. */
export function bottomZ(map: Y.Map<Y.Map<unknown>>): string {
  return keyBetween(null, extremeZ(map, false));
}

/**
 * Total order of shapes: highlighter strokes under everything else (a highlighter
 * marks ink, it should not veil it), then by z, then by id, because two peers that
 * add a shape at the same time compute the same "next" key.
 */
export function compareShapes(
  a: { z: string; id: string; highlighter?: boolean },
  b: { z: string; id: string; highlighter?: boolean },
): number {
  const ha = a.highlighter === true;
  const hb = b.highlighter === true;
  if (ha !== hb) return ha ? -1 : 1;
  if (a.z !== b.z) return a.z < b.z ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Entry {
  id: string;
  z: string;
}

/** Shapes sorted by (z, id), ignoring the highlighter band (reorder moves keys, not bands). */
function sortedEntries(map: Y.Map<Y.Map<unknown>>): Entry[] {
  const out: Entry[] = [];
  for (const [id, m] of map) {
    out.push({ id, z: shapeZ(m) ?? '' });
  }
  return out.sort((a, b) => compareShapes(a, b));
}

/**
 * Brings the given shapes forward/backward one step (past the next shape they do not
 * already overlap in order) or to the front/back, keeping their relative order. Only
 * the moved shapes' `z` fields change, in one local (undoable) transaction.
 */
export function reorder(doc: Y.Doc, ids: Iterable<string>, op: ReorderOp): void {
  const map = shapes(doc);
  const selected = new Set([...ids].filter((id) => map.has(id)));
  if (selected.size === 0) return;
  const list = sortedEntries(map);
  const moving = list.filter((e) => selected.has(e.id));
  const updates = new Map<string, string>();

  if (op === 'front' || op === 'back') {
    const rest = list.filter((e) => !selected.has(e.id));
    const keys =
      op === 'front'
        ? keysBetween(rest.length ? rest[rest.length - 1].z : null, null, moving.length)
        : keysBetween(null, rest.length ? rest[0].z : null, moving.length);
    moving.forEach((e, i) => updates.set(e.id, keys[i]));
  } else {
    // Step each selected shape past its nearest unselected neighbour, starting with the
    // one closest to where it moves, on a working copy so later steps see earlier ones.
    const work = list.slice();
    const order = op === 'forward' ? moving.slice().reverse() : moving;
    for (const e of order) {
      const i = work.indexOf(e);
      const step = op === 'forward' ? 1 : -1;
      let j = i + step;
      while (j >= 0 && j < work.length && selected.has(work[j].id)) j += step;
      if (j < 0 || j >= work.length) continue; // already at the edge
      const pivot = work[j];
      // the next distinct key beyond the pivot (ties sort by id: skip them too)
      let k = j + step;
      while (k >= 0 && k < work.length && work[k].z === pivot.z) k += step;
      const beyond = k >= 0 && k < work.length ? work[k].z : null;
      const z = op === 'forward' ? keyBetween(pivot.z, beyond) : keyBetween(beyond, pivot.z);
      work.splice(i, 1);
      const moved = { id: e.id, z };
      work.splice(0, 0, moved);
      work.sort((a, b) => compareShapes(a, b));
      // keep `e`'s identity for later indexOf lookups
      work[work.indexOf(moved)] = e;
      e.z = z;
      updates.set(e.id, z);
    }
  }
  if (updates.size === 0) return;
  doc.transact(() => {
    for (const [id, z] of updates) map.get(id)?.set(F.z, z);
  }, LOCAL_ORIGIN);
}
