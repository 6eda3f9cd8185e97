/**
 * Moving, resizing and rotating shapes. The select tool and the Konva Transformer
 * produce a new (x, y, rotation) and a scale per shape; how a scale is stored depends
 * on the type: boxes and lines change w/h, strokes keep their points and change sx/sy,
 * text scales its font size (like Excalidraw: resizing a text box makes the text bigger;
 * its box is derived from the text, see textMetrics.ts).
 */
import * as Y from 'yjs';
import { F, type ShapeData } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';
import { shapeType } from './shapeKeys.ts';
import { DEFAULT_FONT_SIZE, readOrigin } from './read.ts';

const round = (v: number) => Math.round(v * 100) / 100;
const num = (v: unknown, d: number) => (typeof v === 'number' && Number.isFinite(v) ? v : d);

function setNum(map: Y.Map<unknown>, key: string, v: number, dflt?: number) {
  const r = round(v);
  if (dflt !== undefined && r === dflt) {
    if (map.has(key)) map.delete(key);
  } else if (map.get(key) !== r) map.set(key, r);
}

/** Moves shapes by (dx, dy) board px, one local transaction. */
export function moveShapes(doc: Y.Doc, ids: Iterable<string>, dx: number, dy: number): void {
  if (dx === 0 && dy === 0) return;
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (const id of ids) {
      const map = shapes.get(id);
      if (!map) continue;
      const o = readOrigin(map);
      setNum(map, F.x, o.x + dx);
      setNum(map, F.y, o.y + dy);
    }
  }, LOCAL_ORIGIN);
}

/**
 * Puts a line's or arrow's ends at the given board points (the end carries the arrow
 * head), one local transaction. The rotation goes: two points say it all.
 */
export function setLineEnds(doc: Y.Doc, id: string, x0: number, y0: number, x1: number, y1: number): void {
  const map = shapesMap(doc).get(id);
  const type = map?.get(F.type);
  if (!map || (type !== 'line' && type !== 'arrow')) return;
  doc.transact(() => {
    setNum(map, F.x, x0);
    setNum(map, F.y, y0);
    setNum(map, F.w, x1 - x0);
    setNum(map, F.h, y1 - y0);
    setNum(map, F.rotation, 0, 0);
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
  base?: ShapeData;
}

/** Applies new transforms (from a resize/rotate gesture), one local transaction. */
export function transformShapes(doc: Y.Doc, transforms: readonly ShapeTransform[]): void {
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (const t of transforms) {
      const map = shapes.get(t.id);
      if (!map) continue;
      const type = shapeType(map);
      setNum(map, F.x, t.x);
      setNum(map, F.y, t.y);
      // normalise to (-180, 180]
      let r = ((t.rotation % 360) + 360) % 360;
      if (r > 180) r -= 360;
      setNum(map, F.rotation, r, 0);
      if (t.scaleX === 1 && t.scaleY === 1 && !t.base) continue;
      const b = t.base;
      const from = (key: string, field: number | undefined, d: number) => (b && field !== undefined ? field : num(map.get(key), d));
      if (type === 'stroke') {
        setNum(map, F.sx, from(F.sx, b?.type === 'stroke' ? b.sx : undefined, 1) * t.scaleX, 1);
        setNum(map, F.sy, from(F.sy, b?.type === 'stroke' ? b.sy : undefined, 1) * t.scaleY, 1);
      } else if (type === 'line' || type === 'arrow') {
        setNum(map, F.w, from(F.w, b && 'w' in b ? b.w : undefined, 0) * t.scaleX);
        setNum(map, F.h, from(F.h, b && 'h' in b ? b.h : undefined, 0) * t.scaleY);
      } else if (type === 'text') {
        // a text box is sized by its content: resizing it scales the font
        const fs = from(F.fontSize, b?.fontSize, DEFAULT_FONT_SIZE) * Math.abs(t.scaleY);
        setNum(map, F.fontSize, Math.max(4, fs), DEFAULT_FONT_SIZE);
      } else {
        setNum(map, F.w, Math.max(1, from(F.w, b && 'w' in b ? b.w : undefined, 1) * Math.abs(t.scaleX)));
        setNum(map, F.h, Math.max(1, from(F.h, b && 'h' in b ? b.h : undefined, 1) * Math.abs(t.scaleY)));
      }
    }
  }, LOCAL_ORIGIN);
}
