/**
 * Per-user undo. A Y.UndoManager on the shapes map that tracks only LOCAL_ORIGIN,
 * so Ctrl+Z never touches what other people drew.
 *
 * Grouping: captureTimeout is infinite, so every local change merges into the current
 * undo step until stopCapturing() is called. Tools call beginAction() when an action
 * starts and endAction() when it ends: a whole stroke (create + appends + end) is one
 * step however long the pen stays down.
 *
 * Undo and redo never change a shape someone has locked since (undoLock.ts): that part
 * of the step is dropped, the rest is undone.
 */
import * as Y from 'yjs';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';
import { withLockedPruned } from './undoLock.ts';

export interface BoardUndo {
  readonly manager: Y.UndoManager;
  /** Mark an action boundary before its first change. */
  beginAction(): void;
  /** Mark an action boundary after its last change. */
  endAction(): void;
  undo(): boolean;
  redo(): boolean;
  canUndo(): boolean;
  canRedo(): boolean;
  /** Revert the current action without leaving a redo step (e.g. a stroke turned pinch). */
  discardAction(): void;
  /** `listener` runs whenever canUndo/canRedo may have changed. */
  onChange(listener: () => void): () => void;
  destroy(): void;
}

export function createUndo(doc: Y.Doc): BoardUndo {
  const manager = new Y.UndoManager(shapesMap(doc), {
    trackedOrigins: new Set([LOCAL_ORIGIN]),
    captureTimeout: Number.POSITIVE_INFINITY,
  });
  const events = ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const;
  return {
    manager,
    beginAction: () => manager.stopCapturing(),
    endAction: () => manager.stopCapturing(),
    undo: () => {
      manager.stopCapturing();
      return withLockedPruned(doc, manager.undoStack, () => manager.undo()) !== null;
    },
    redo: () => {
      manager.stopCapturing();
      return withLockedPruned(doc, manager.redoStack, () => manager.redo()) !== null;
    },
    canUndo: () => manager.canUndo(),
    canRedo: () => manager.canRedo(),
    discardAction: () => {
      if (manager.undo() !== null) manager.redoStack.pop();
      manager.stopCapturing();
      manager.emit('stack-cleared', [{ undoStackCleared: false, redoStackCleared: false }]);
    },
    onChange(listener) {
      for (const e of events) manager.on(e, listener);
      return () => {
        for (const e of events) manager.off(e, listener);
      };
    },
    destroy: () => manager.destroy(),
  };
}
