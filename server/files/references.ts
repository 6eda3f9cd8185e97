/**
 * Which files a board names. Any 64-hex string in a shape's fields counts, in plain
 * values, arrays and objects (an image's `f`, its previews' list of [size, hash], and
 * whatever a later field holds), whatever the shape's type: keeping a file a field only
 * looks like it names costs some bytes, deleting one a shape shows loses an image.
 * Shared types inside a shape (text, stroke points) never hold a file's name and are
 * not read.
 */
import * as Y from 'yjs';
import { SHA256_HEX } from '../../shared/imageFiles.ts';
import { SHAPES } from '../../shared/schema.ts';

/** Nesting read into plain values: a preview list is two deep; deeper is no field of ours. */
const MAX_DEPTH = 4;

function collect(v: unknown, out: Set<string>, depth: number): void {
  if (typeof v === 'string') {
    if (v.length === 64 && SHA256_HEX.test(v)) out.add(v);
  } else if (depth < MAX_DEPTH && v !== null && typeof v === 'object' && !(v instanceof Y.AbstractType) && !(v instanceof Uint8Array)) {
    for (const item of Array.isArray(v) ? v : Object.values(v)) collect(item, out, depth + 1);
  }
}

/** The hashes the document's shapes name. */
export function fileRefs(doc: Y.Doc, out = new Set<string>()): Set<string> {
  for (const shape of doc.getMap(SHAPES).values()) {
    if (!(shape instanceof Y.Map)) continue;
    for (const v of shape.values()) collect(v, out, 0);
  }
  return out;
}

/** The hashes a stored document (a Yjs v2 update, as versions are kept) names. */
export function fileRefsOfUpdate(update: Uint8Array): Set<string> {
  const doc = new Y.Doc();
  try {
    Y.applyUpdateV2(doc, update);
    return fileRefs(doc);
  } finally {
    doc.destroy();
  }
}
