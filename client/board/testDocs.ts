/** Helpers for the board unit tests: peers linked like clients behind a relay. */
import * as Y from 'yjs';

/** Two docs that forward every update to each other, like two peers behind a relay. */
export function linkedDocs(): [Y.Doc, Y.Doc] {
  const a = new Y.Doc();
  const b = new Y.Doc();
  a.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(b, u, 'net'));
  b.on('update', (u: Uint8Array, origin: unknown) => origin !== 'net' && Y.applyUpdate(a, u, 'net'));
  return [a, b];
}

/** Two docs that exchange updates only when sync() is called (concurrent edits). */
export function offlineDocs(): { a: Y.Doc; b: Y.Doc; sync(): void } {
  const a = new Y.Doc();
  const b = new Y.Doc();
  return {
    a,
    b,
    sync() {
      Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)), 'net');
      Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)), 'net');
    },
  };
}
