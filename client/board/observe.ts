/** Which shapes changed: the renderer updates only those. */
import type * as Y from 'yjs';
import { shapesMap } from './strokes.ts';

export type ShapesListener = (changed: Set<string>, transaction: Y.Transaction) => void;

/**
 * Calls `listener` once per transaction with the ids of shapes that were added,
 * removed or modified (including points appended to a stroke). Returns an unsubscribe.
 */
export function observeShapes(doc: Y.Doc, listener: ShapesListener): () => void {
  const shapes = shapesMap(doc);
  const handler = (events: Y.YEvent<any>[], tr: Y.Transaction) => {
    const changed = new Set<string>();
    for (const e of events) {
      if (e.target === shapes) for (const key of (e as Y.YMapEvent<unknown>).keysChanged) changed.add(key);
      else if (e.path.length > 0) changed.add(String(e.path[0]));
    }
    if (changed.size > 0) listener(changed, tr);
  };
  shapes.observeDeep(handler);
  return () => shapes.unobserveDeep(handler);
}
