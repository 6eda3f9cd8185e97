/**
 * Keeps frame membership settled (board/frames.ts) after every local action, whatever
 * made it: a tool, a paste, a nudge, an import, a restore. It notes which shapes this
 * client's own transactions (LOCAL_ORIGIN) added, changed or deleted, and when the action
 * ends (BoardUndo.endAction, or the next beginAction for a change made outside one)
 * settles them before the undo step closes, so a shape dropped into a frame and its
 * joining are one Ctrl+Z. Remote changes and undo/redo (their origin is the undo
 * manager) are not noted: each editor settles only what it did, and undo restores the
 * membership it recorded.
 */
import type * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { isFrameMap, settleFrames } from './frames.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import type { ShapeIndex } from './spatial.ts';
import { shapesMap } from './strokes.ts';
import type { BoardUndo } from './undo.ts';

/**
 * Keys whose change means a frame was redrawn: it takes in what now lies inside it. Not
 * its rotation: a frame turned carries its members (frameTurn.ts) and, like one moved,
 * takes nothing it sweeps over.
 */
const REFRAME_KEYS: readonly string[] = [F.type, F.w, F.h];

export function keepFrames(doc: Y.Doc, undo: BoardUndo, index: ShapeIndex): BoardUndo {
  const shapes = shapesMap(doc);
  const changed = new Set<string>();
  const reframed = new Set<string>();
  const deleted = new Set<string>();
  let settling = false;

  const note = (events: Y.YEvent<Y.AbstractType<unknown>>[], tr: Y.Transaction) => {
    if (tr.origin !== LOCAL_ORIGIN || settling) return;
    for (const e of events) {
      if (e.target === shapes) {
        for (const id of (e as Y.YMapEvent<unknown>).keysChanged) {
          if (shapes.has(id)) {
            changed.add(id);
            if (isFrameMap(shapes.get(id))) reframed.add(id);
          } else deleted.add(id);
        }
        continue;
      }
      // a shape's own map (path [id]) or something inside it (its points, its text)
      const id = String(e.path[0] ?? '');
      if (!id) continue;
      changed.add(id);
      if (e.path.length === 1 && isFrameMap(shapes.get(id)) && REFRAME_KEYS.some((k) => (e as Y.YMapEvent<unknown>).keysChanged.has(k))) reframed.add(id);
    }
  };
  shapes.observeDeep(note);

  const settle = () => {
    if (!changed.size && !deleted.size) return;
    const touched = { changed: new Set(changed), reframed: new Set(reframed), deleted: new Set(deleted) };
    changed.clear();
    reframed.clear();
    deleted.clear();
    settling = true;
    try {
      settleFrames(doc, index, touched);
    } finally {
      settling = false;
    }
  };
  const forget = () => {
    changed.clear();
    reframed.clear();
    deleted.clear();
  };

  return {
    ...undo,
    // a change made outside an action settles into the step it joined
    beginAction: () => (settle(), undo.beginAction()),
    endAction: () => (settle(), undo.endAction()),
    discardAction: () => (forget(), undo.discardAction()),
    undo: () => (settle(), undo.undo()),
    redo: () => (settle(), undo.redo()),
    destroy: () => (shapes.unobserveDeep(note), undo.destroy()),
  };
}
