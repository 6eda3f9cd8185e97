/**
 * Creating shapes other than strokes (rect, ellipse, line, arrow, text, sticky).
 *
 * A shape dragged out with a tool is created on pointer down and resized every frame
 * (resizeShape) so peers see it grow, like a stroke; `done` marks the end. All writes
 * are LOCAL_ORIGIN, so the author's undo covers them.
 */
import * as Y from 'yjs';
import { F, type ShapeType } from '../../shared/schema.ts';
import { newShapeId } from './ids.ts';
import { nextZ } from './order.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';
import { writeStyle, type StylePatch } from './style.ts';

export interface ShapeInit {
  type: Exclude<ShapeType, 'stroke'>;
  x: number;
  y: number;
  w: number;
  h: number;
  rotation?: number;
  author: string;
  style: StylePatch;
  /** initial text (text, sticky, labels) */
  text?: string;
  /** false while the shape is being dragged out (absent = done) */
  done?: boolean;
  /** place at this z instead of on top */
  z?: string;
}

const round = (v: number) => Math.round(v * 100) / 100;

/** Fills a fresh Y.Map with a shape (call inside a transaction, before or after inserting). */
export function fillShapeMap(map: Y.Map<unknown>, init: ShapeInit, z: string): void {
  map.set(F.type, init.type);
  map.set(F.z, z);
  map.set(F.x, round(init.x));
  map.set(F.y, round(init.y));
  map.set(F.w, round(init.w));
  map.set(F.h, round(init.h));
  if (init.rotation) map.set(F.rotation, round(init.rotation));
  map.set(F.author, init.author);
  writeStyle(map, { color: init.style.color ?? '#1e1e1e', width: init.style.width ?? 2, ...init.style });
  if (init.type === 'text' || init.type === 'sticky' || init.text) map.set(F.text, new Y.Text(init.text ?? ''));
  if (init.done === false) map.set(F.done, false);
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
