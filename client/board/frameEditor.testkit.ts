/** For the frame tests: one editor, its doc, undo (kept settled, as the editor's), index, and the actions a tool would run. */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from './create.ts';
import { keepFrames } from './frameKeeper.ts';
import { readOrigin } from './read.ts';
import { ShapeIndex } from './spatial.ts';
import { shapesMap } from './strokes.ts';
import { moveShapes } from './transform.ts';
import { createUndo } from './undo.ts';

const style = { color: '#e03131', width: 2 };

export function frameEditor(doc = new Y.Doc()) {
  const index = new ShapeIndex(doc);
  const undo = keepFrames(doc, createUndo(doc), index);
  const act = <T>(fn: () => T): T => {
    undo.beginAction();
    const out = fn();
    undo.endAction();
    return out;
  };
  return {
    doc,
    undo,
    index,
    act,
    rect: (x: number, y: number, w = 50, h = 40) => act(() => createShape(doc, { type: 'rect', x, y, w, h, author: 'a', style })),
    frame: (x: number, y: number, w: number, h: number) => act(() => createShape(doc, { type: 'frame', x, y, w, h, author: 'a', style: {} })),
    move: (ids: string[], dx: number, dy: number) => act(() => moveShapes(doc, ids, dx, dy)),
    frameOf: (id: string) => (shapesMap(doc).get(id)?.get(F.frame) as string | undefined) ?? null,
    at: (id: string) => readOrigin(shapesMap(doc).get(id)!),
  };
}
