/**
 * The edits chaos clients make. Every edit inserts a unique tag (or deletes one), so
 * the final document can be checked edit by edit: which acknowledged insert is
 * missing, which acknowledged delete came back, which value nobody wrote.
 */
import * as Y from 'yjs';
import type { Prng } from './prng.ts';

export type InsertKind = 'map' | 'array' | 'text' | 'shape' | 'point';
export type DeleteKind = 'delMap' | 'delArray' | 'delText' | 'delShape';
export type OpKind = InsertKind | DeleteKind;

export interface Op {
  kind: OpKind;
  /** unique per run; the value an insert writes */
  tag: string;
  /** the author's Y.Doc clientID */
  author: number;
  /** the author's clock after an insert: a doc whose state vector reaches it has the insert (deletes make no clock: 0) */
  clock: number;
  /** the tag a delete removes, or the shape a point was pushed into */
  target?: string;
  atMs: number;
  /** who first held this edit besides its author (set by the ledger) */
  ackedBy?: string;
  ackedAtMs?: number;
}

export const isInsert = (kind: OpKind): kind is InsertKind => !kind.startsWith('del');

/** The shared types of the chaos document (the real board's shapes map plus plain types). */
export function docParts(doc: Y.Doc) {
  return {
    map: doc.getMap<string>('m'),
    array: doc.getArray<string>('a'),
    text: doc.getText('t'),
    shapes: doc.getMap<Y.Map<unknown>>('shapes'),
  };
}

/** A stroke's points, as the board keeps them: a Y.Array inside the shape's Y.Map. */
export function shapePoints(shape: Y.Map<unknown> | undefined): Y.Array<string> | undefined {
  const pts = shape?.get('pts');
  return pts instanceof Y.Array ? (pts as Y.Array<string>) : undefined;
}

/** Tags carry their author (base 36 clientID before the dot), so "others' keys" can be picked. */
export const tagAuthor = (tag: string): string => tag.slice(0, tag.indexOf('.'));

const token = (tag: string) => `[${tag}]`;
const TOKEN = /\[([^[\]]*)\]/g;

/** Tokens of the text with their positions; the text holds nothing but whole tokens. */
export function textTokens(text: string): Array<{ tag: string; index: number; length: number }> {
  return Array.from(text.matchAll(TOKEN), (m) => ({ tag: m[1], index: m.index, length: m[0].length }));
}

const WEIGHTS: Record<OpKind, number> = {
  map: 25,
  array: 15,
  text: 20,
  shape: 8,
  point: 20,
  delMap: 5,
  delArray: 3,
  delText: 4,
  delShape: 2,
};

/**
 * Makes one random edit on `doc` and describes it; falls back to a map set when a
 * delete finds nothing to delete (or a point finds no stroke).
 */
export function randomEdit(doc: Y.Doc, prng: Prng, tag: string, atMs: number): Op {
  const me = doc.clientID.toString(36);
  const { map, array, text, shapes } = docParts(doc);
  const others = (tags: Iterable<string>) => Array.from(tags).filter((t) => tagAuthor(t) !== me);
  const kind = prng.weighted(WEIGHTS);
  const op = (k: OpKind, target?: string): Op => ({
    kind: k,
    tag,
    author: doc.clientID,
    clock: isInsert(k) ? Y.getState(doc.store, doc.clientID) : 0,
    target,
    atMs,
  });
  switch (kind) {
    case 'array':
      array.push([tag]);
      return op('array');
    case 'text': {
      // only between tokens, so that no edit ever splits another's token
      const ends = [0, ...textTokens(text.toString()).map((t) => t.index + t.length)];
      text.insert(ends[prng.int(ends.length)], token(tag));
      return op('text');
    }
    case 'shape': {
      doc.transact(() => {
        const shape = new Y.Map<unknown>();
        shape.set('type', 'stroke');
        shape.set('pts', new Y.Array<string>());
        shapes.set(tag, shape);
      });
      return op('shape');
    }
    case 'point': {
      const into = prng.pick(Array.from(shapes.keys()));
      const pts = into === undefined ? undefined : shapePoints(shapes.get(into));
      if (into === undefined || !pts) break;
      pts.push([tag]);
      return op('point', into);
    }
    case 'delMap': {
      const victim = prng.pick(others(map.keys()));
      if (victim === undefined) break;
      map.delete(victim);
      return op('delMap', victim);
    }
    case 'delArray': {
      const items = array.toArray();
      const i = items.length === 0 ? -1 : prng.int(items.length);
      if (i < 0) break;
      array.delete(i, 1);
      return op('delArray', items[i]);
    }
    case 'delText': {
      const victim = prng.pick(textTokens(text.toString()));
      if (!victim) break;
      text.delete(victim.index, victim.length);
      return op('delText', victim.tag);
    }
    case 'delShape': {
      const victim = prng.pick(others(shapes.keys()));
      if (victim === undefined) break;
      shapes.delete(victim);
      return op('delShape', victim);
    }
    case 'map':
      break;
  }
  map.set(tag, tag);
  return op('map');
}

/** Whether `doc` still holds what an insert wrote (false once it was deleted). */
export function holdsInsert(doc: Y.Doc, op: Op): boolean {
  const { map, array, text, shapes } = docParts(doc);
  switch (op.kind) {
    case 'map':
      return map.get(op.tag) === op.tag;
    case 'array':
      return array.toArray().includes(op.tag);
    case 'text':
      return text.toString().includes(token(op.tag));
    case 'shape':
      return shapes.has(op.tag);
    case 'point':
      return shapePoints(shapes.get(op.target ?? ''))?.toArray().includes(op.tag) ?? false;
    default:
      return false;
  }
}

/** Every tag the document holds, by kind (for the "nothing nobody wrote" check). */
export function heldTags(doc: Y.Doc): Record<InsertKind, string[]> {
  const { map, array, text, shapes } = docParts(doc);
  const points: string[] = [];
  for (const shape of shapes.values()) points.push(...(shapePoints(shape)?.toArray() ?? []));
  return {
    map: Array.from(map.keys()),
    array: array.toArray(),
    text: textTokens(text.toString()).map((t) => t.tag),
    shape: Array.from(shapes.keys()),
    point: points,
  };
}

/** The document's content with object keys sorted: two docs' maps may list keys in different orders. */
export function canonicalJson(doc: Y.Doc): string {
  const { map, array, text, shapes } = docParts(doc);
  const sortKeys = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sortKeys)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]))
        : v;
  return JSON.stringify(sortKeys({ m: map.toJSON(), a: array.toJSON(), t: text.toString(), shapes: shapes.toJSON() }));
}
