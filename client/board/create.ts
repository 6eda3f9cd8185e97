/**
 * Creating shapes other than strokes (rect, ellipse, line, arrow, text, sticky …: any
 * type whose module can `create`).
 *
 * A shape dragged out with a tool is created on pointer down and resized every frame
 * (resizeShape) so peers see it grow, like a stroke; `done` marks the end. All writes
 * are LOCAL_ORIGIN, so the author's undo covers them.
 */
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { round } from '../shapes/common/fields.ts';
import { shapeModule } from '../shapes/registry.ts';
import type { NewShape } from '../shapes/types.ts';
import { newShapeId } from './ids.ts';
import { nextZ } from './order.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';

export interface ShapeInit extends NewShape {
  /** a registered type whose module can create (not 'stroke': the pen draws those) */
  type: string;
  /** place at this z instead of on top */
  z?: string;
}

/** Fills a fresh Y.Map with a shape (call inside a transaction, before or after inserting). */
export function fillShapeMap(map: Y.Map<unknown>, init: ShapeInit, z: string): void {
  const create = shapeModule(init.type)?.create;
  if (!create) throw new Error(`cannot create a shape of type "${init.type}"`);
  create(map, init, z);
}

export function createShape(doc: Y.Doc, init: ShapeInit, id: string = newShapeId()): string {
  const shapes = shapesMap(doc);
  doc.transact(() => {
    const map = new Y.Map<unknown>();
    shapes.set(id, map);
    fillShapeMap(map, init, init.z ?? nextZ(shapes));
  }, LOCAL_ORIGIN);
  return id;
}

/** Updates the geometry of a shape being dragged out (one small update per frame). */
export function resizeShape(doc: Y.Doc, id: string, geo: { x: number; y: number; w: number; h: number }): void {
  const map = shapesMap(doc).get(id);
  if (!map) return;
  doc.transact(() => {
    for (const k of ['x', 'y', 'w', 'h'] as const) {
      const v = round(geo[k]);
      if (map.get(F[k]) !== v) map.set(F[k], v);
    }
  }, LOCAL_ORIGIN);
}

/** Marks a dragged-out shape finished (the `done` field goes away: absent = done). */
export function finishShape(doc: Y.Doc, id: string): void {
  const map = shapesMap(doc).get(id);
  if (!map || !map.has(F.done)) return;
  doc.transact(() => map.delete(F.done), LOCAL_ORIGIN);
}

/** The Y.Text of a shape, created if the shape has none yet (a label on a rect). */
export function ensureText(doc: Y.Doc, id: string): Y.Text | null {
  const map = shapesMap(doc).get(id);
  if (!map) return null;
  const t = map.get(F.text);
  if (t instanceof Y.Text) return t;
  const text = new Y.Text();
  doc.transact(() => map.set(F.text, text), LOCAL_ORIGIN);
  return text;
}
