/**
 * Shapes <-> portable JSON (format.ts): what copy, paste, duplicate, board export and
 * import are made of. Inserting always creates fresh ids and z keys on top, in one
 * local transaction, so a paste or an import is a single undo step.
 */
import * as Y from 'yjs';
import { F, type BoxData, type ShapeData } from '../../shared/schema.ts';
import { BOARD_KIND, CLIPBOARD_KIND, FORMAT_VERSION, type ShapeJSON, type ShapesDocument } from './format.ts';
import { newShapeId } from './ids.ts';
import { compareShapes, keyBetween, nextZ } from './order.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { decodePoints, encodePoints, hasSimulatedPressure, pointBounds } from './points.ts';
import { DEFAULT_COLOR, readShape } from './read.ts';
import { shapesMap, writeNewStroke } from './strokes.ts';
import { writeStyle } from './style.ts';
import { fillShapeMap } from './create.ts';

export function shapeToJSON(s: ShapeData): ShapeJSON {
  const out: ShapeJSON = { type: s.type, x: s.x, y: s.y, color: s.color, width: s.width };
  if (s.rotation) out.rotation = s.rotation;
  if (s.opacity !== 1) out.opacity = s.opacity;
  if (s.dash) out.dash = true;
  if (s.type === 'stroke') {
    out.points = s.points.slice();
    if (s.sx !== 1) out.scaleX = s.sx;
    if (s.sy !== 1) out.scaleY = s.sy;
    if (s.highlighter) out.highlighter = true;
    return out;
  }
  out.w = s.w;
  out.h = s.h;
  if (s.type === 'line' || s.type === 'arrow') return out;
  return boxToJSON(s as BoxData, out);
}

function boxToJSON(s: BoxData, out: ShapeJSON): ShapeJSON {
  if (s.fill !== 'none') out.fill = s.fill;
  if (s.fontSize !== 20 || s.type === 'text' || s.type === 'sticky') out.fontSize = s.fontSize;
  if (s.text) out.text = s.text;
  if (s.type === 'sticky') out.bg = s.bg;
  return out;
}

/** The given shapes (all if `ids` is omitted) as JSON, bottom first. */
export function shapesToJSON(doc: Y.Doc, ids?: Iterable<string>): ShapeJSON[] {
  const shapes = shapesMap(doc);
  const list: ShapeData[] = [];
  for (const id of ids ?? shapes.keys()) {
    const m = shapes.get(id);
    const s = m && readShape(id, m);
    if (s) list.push(s);
  }
  return list.sort(compareShapes).map(shapeToJSON);
}

export function makeDocument(kind: ShapesDocument['kind'], shapes: ShapeJSON[]): ShapesDocument {
  return { kind, version: FORMAT_VERSION, shapes };
}

/** Clipboard text for the given shapes. */
export function copyShapes(doc: Y.Doc, ids: Iterable<string>): string {
  return JSON.stringify(makeDocument(CLIPBOARD_KIND, shapesToJSON(doc, ids)));
}

/** The whole board as a file. */
export function exportBoard(doc: Y.Doc): string {
  return JSON.stringify(makeDocument(BOARD_KIND, shapesToJSON(doc)), null, 1);
}

/** Bounding box of the origins of some shapes (to paste them where the user points). */
export function originsBox(shapes: readonly ShapeJSON[]): { x: number; y: number } | null {
  if (!shapes.length) return null;
  let x = Infinity;
  let y = Infinity;
  for (const s of shapes) {
    x = Math.min(x, s.x);
    y = Math.min(y, s.y);
  }
  return { x, y };
}

/**
 * Adds shapes (from JSON) on top of the board, moved by (dx, dy); returns their new ids
 * in the same order. One local transaction: one undo step.
 */
export function insertShapes(doc: Y.Doc, list: readonly ShapeJSON[], opts: { author: string; dx?: number; dy?: number }): string[] {
  const shapes = shapesMap(doc);
  const dx = opts.dx ?? 0;
  const dy = opts.dy ?? 0;
  const ids: string[] = [];
  doc.transact(() => {
    let z = nextZ(shapes);
    for (const s of list) {
      const id = newShapeId();
      const map = new Y.Map<unknown>();
      shapes.set(id, map);
      const style = { color: s.color, width: s.width, opacity: s.opacity, dash: s.dash, fill: s.fill, fontSize: s.fontSize, bg: s.bg };
      if (s.type === 'stroke') {
        const points = s.points ?? [];
        // mouse strokes (flat simulated pressure) are stored without pressures
        const pressure = !hasSimulatedPressure(points);
        const { bytes } = encodePoints(points, undefined, pressure);
        // bounds of the points as stored (quantised), as endStroke records them
        const bounds = pointBounds(decodePoints(bytes, [], pressure));
        writeNewStroke(map, z, { x: s.x + dx, y: s.y + dy, author: opts.author, color: s.color ?? DEFAULT_COLOR, width: s.width ?? 4, pressure, highlighter: s.highlighter, opacity: s.opacity }, bytes, bounds);
        if (!bounds) map.set(F.done, true);
        if (s.rotation) map.set(F.rotation, s.rotation);
        writeStyle(map, { dash: s.dash });
        if (s.scaleX !== undefined && s.scaleX !== 1) map.set(F.sx, s.scaleX);
        if (s.scaleY !== undefined && s.scaleY !== 1) map.set(F.sy, s.scaleY);
      } else {
        fillShapeMap(map, { type: s.type, x: s.x + dx, y: s.y + dy, w: s.w ?? 1, h: s.h ?? 1, rotation: s.rotation, author: opts.author, style, text: s.text }, z);
      }
      ids.push(id);
      z = keyBetween(z, null);
    }
  }, LOCAL_ORIGIN);
  return ids;
}
