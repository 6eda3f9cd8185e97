/**
 * Bringing a board back to a version as one new change (never a rewrite of the log):
 * in one transaction, every top-level map of the document is made equal to the
 * version's, shape by shape — shapes the version lacks are deleted, shapes that differ
 * are replaced by copies of the version's, the rest are left alone. Made by an editor
 * with its local origin, the change is one step of that person's undo; everyone else
 * receives it as any other change.
 */
import * as Y from 'yjs';

/** A copy of a value of a version's document, made of new shared types (they cannot move between documents). */
function copyValue(v: unknown): unknown {
  if (v instanceof Y.Map) {
    const m = new Y.Map<unknown>();
    for (const [k, x] of v.entries()) m.set(k, copyValue(x));
    return m;
  }
  if (v instanceof Y.Array) {
    const a = new Y.Array<unknown>();
    a.push(v.toArray().map(copyValue));
    return a;
  }
  if (v instanceof Y.Text) {
    const t = new Y.Text();
    t.applyDelta(v.toDelta());
    return t;
  }
  return v;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a instanceof Y.AbstractType ? a.toJSON() : a) === JSON.stringify(b instanceof Y.AbstractType ? b.toJSON() : b);

/** The names of the document's top-level maps (the board keeps everything in maps). */
function rootMaps(doc: Y.Doc): string[] {
  const names: string[] = [];
  // a root not read yet is a bare AbstractType: a map has keys and no list content
  for (const [name, t] of doc.share as Map<string, Y.AbstractType<unknown>>) {
    if (t instanceof Y.Map || (t.constructor === Y.AbstractType && t._start === null && t._map.size > 0)) names.push(name);
  }
  return names;
}

/** Makes `doc` show what `version` holds, in one transaction with `origin`; returns how many shapes it touched. */
export function restoreVersion(doc: Y.Doc, version: Y.Doc, origin: unknown): number {
  let touched = 0;
  doc.transact(() => {
    const names = new Set([...rootMaps(doc), ...rootMaps(version)]);
    for (const name of names) {
      const now = doc.getMap<unknown>(name);
      const then = version.getMap<unknown>(name);
      for (const key of [...now.keys()]) {
        if (!then.has(key)) {
          now.delete(key);
          touched++;
        }
      }
      for (const [key, value] of then.entries()) {
        if (now.has(key) && same(now.get(key), value)) continue;
        now.set(key, copyValue(value));
        touched++;
      }
    }
  }, origin);
  return touched;
}

/** A version's document from its stored bytes (Yjs v2, as the versions API serves them). */
export function versionDoc(data: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, data);
  return doc;
}
