import * as Y from 'yjs';
import type { Compactor } from '../core/compactor.ts';

/**
 * The document a snapshot plus its log describe, encoded as one v2 update: the same
 * bytes a room would store after loading them (garbage-collected, pending structs kept).
 */
export function foldDoc(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    if (snapshot) Y.applyUpdateV2(doc, snapshot);
    for (const u of updates) Y.applyUpdate(doc, u);
    return Y.encodeStateAsUpdateV2(doc);
  } finally {
    doc.destroy();
  }
}

/** Folding on the calling thread: where no compaction thread can run, and in unit tests. */
export const inlineCompactor: Compactor = {
  where: 'inline',
  fold: async (snapshot, updates) => foldDoc(snapshot, updates),
  close: async () => {},
};
