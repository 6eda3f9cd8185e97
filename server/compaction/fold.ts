import * as Y from 'yjs';
import type { Compactor } from '../core/compactor.ts';

/**
 * The document a snapshot plus its log describe, encoded as one v2 update: the same
 * bytes a room would store after loading them (garbage-collected, pending structs kept).
 */
export function foldDoc(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  try {
    // as the room does on load: one unreadable stored update must not stop every later fold
    if (snapshot) tryApply(() => Y.applyUpdateV2(doc, snapshot));
    for (const u of updates) tryApply(() => Y.applyUpdate(doc, u));
    // Yjs encodes structs still waiting for missing clocks by merging them into the
    // encoding (Y.mergeUpdates), which can drop some when they overlap what was
    // integrated: keep the log as it is until nothing waits (every update is kept).
    if (doc.store.pendingStructs || doc.store.pendingDs) throw new Error('updates wait for missing clocks; not folding yet');
    return Y.encodeStateAsUpdateV2(doc);
  } finally {
    doc.destroy();
  }
}

function tryApply(apply: () => void): void {
  try {
    apply();
  } catch {
    /* skipped, as Room skips it on load (and logs it there) */
  }
}

/** Folding on the calling thread: where no compaction thread can run, and in unit tests. */
export const inlineCompactor: Compactor = {
  where: 'inline',
  fold: async (snapshot, updates) => foldDoc(snapshot, updates),
  close: async () => {},
};
