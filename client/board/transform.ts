/**
 * Moving, resizing and rotating shapes. The select tool and the Konva Transformer
 * produce a new (x, y, rotation) and a scale per shape; how a scale is stored is the
 * shape's module's business (boxes and lines change w/h, strokes keep their points and
 * change sx/sy, text scales its font size).
 */
import type * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { setNum } from '../shapes/common/fields.ts';
import { moduleOfMap } from '../shapes/registry.ts';
import type { Shape } from '../shapes/types.ts';
import { writeBinding, type Binding } from './bindingField.ts';
import { detachMoved } from './bindings.ts';
import { carryTurnedMembers, framePose, normalDegrees, type FramePose } from './frameTurn.ts';
import { withFrameMembers } from './frames.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { readOrigin } from './read.ts';
import { shapesMap } from './strokes.ts';

/** Moves shapes by (dx, dy) board px, one local transaction. Arrow ends bound to shapes left behind come free (board/bindings.ts). */
export function moveShapes(doc: Y.Doc, ids: Iterable<string>, dx: number, dy: number): void {
  if (dx === 0 && dy === 0) return;
  const shapes = shapesMap(doc);
  // a frame takes its members along (board/frames.ts)
  const moved = new Set(withFrameMembers(doc, ids));
  doc.transact(() => {
    detachMoved(doc, moved);
    for (const id of moved) {
      const map = shapes.get(id);
      if (!map) continue;
      const o = readOrigin(map);
      setNum(map, F.x, o.x + dx);
      setNum(map, F.y, o.y + dy);
    }
  }, LOCAL_ORIGIN);
}

/**
 * Puts the ends of a shape edited by its ends (a line or arrow: the end carries the
 * head) at the given board points, one local transaction. Other shapes are left alone.
 * `bind` binds one end to a shape or frees it (null); the other end keeps its binding.
 */
export function setLineEnds(doc: Y.Doc, id: string, x0: number, y0: number, x1: number, y1: number, bind?: { end: 0 | 1; to: Binding | null }): void {
  const map = shapesMap(doc).get(id);
  const ends = map && moduleOfMap(map)?.ends;
  if (!map || !ends) return;
  doc.transact(() => {
    ends.set(map, { x: x0, y: y0 }, { x: x1, y: y1 });
    if (bind) writeBinding(map, bind.end, bind.to);
  }, LOCAL_ORIGIN);
}

export interface ShapeTransform {
  id: string;
  x: number;
  y: number;
  rotation: number;
  /** scale relative to `base` if given, else to the shape's current size */
  scaleX: number;
  scaleY: number;
  /**
   * The shape as it was when the gesture began. A live gesture writes every frame with
   * the scale accumulated since then, so it must scale the start values, not the
   * values it wrote a frame ago.
   */
  base?: Shape;
}

/**
 * Applies new transforms (from a resize/rotate gesture), one local transaction. A frame
 * turned carries its members along (board/frameTurn.ts); a frame resized does not.
 */
export function transformShapes(doc: Y.Doc, transforms: readonly ShapeTransform[]): void {
  const shapes = shapesMap(doc);
  const placed = new Set(transforms.map((t) => t.id));
  doc.transact(() => {
    const turns = new Map<string, { from: FramePose; to: FramePose }>();
    for (const t of transforms) {
      const map = shapes.get(t.id);
      if (!map) continue;
      const module = moduleOfMap(map);
      const from = framePose(map);
      setNum(map, F.x, t.x);
      setNum(map, F.y, t.y);
      setNum(map, F.rotation, normalDegrees(t.rotation), 0);
      // a base of another type (the shape changed under the gesture) says nothing about this one
      if (module && (t.scaleX !== 1 || t.scaleY !== 1 || t.base)) module.resize(map, t.scaleX, t.scaleY, t.base?.type === module.type ? t.base : undefined);
      // from the stored values before and after, so members move exactly as far as the frame did
      if (from) turns.set(t.id, { from, to: framePose(map)! });
    }
    carryTurnedMembers(doc, turns, placed);
  }, LOCAL_ORIGIN);
}
