/**
 * Style fields: written only when they differ from the default (an absent field costs
 * nothing in the document), removed again when set back to the default.
 */
import * as Y from 'yjs';
import { F, type ShapeStyle } from '../../shared/schema.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';
import { shapeType } from './shapeKeys.ts';
import { DEFAULT_FONT_SIZE } from './read.ts';

export type StylePatch = Partial<ShapeStyle> & { bg?: string };

const DEFAULTS: { [K in keyof StylePatch]-?: unknown } = {
  color: undefined,
  width: undefined,
  opacity: 1,
  dash: false,
  fill: 'none',
  fontSize: DEFAULT_FONT_SIZE,
  bg: undefined,
};

const FIELD: { [K in keyof StylePatch]-?: string } = {
  color: F.color,
  width: F.width,
  opacity: F.opacity,
  dash: F.dash,
  fill: F.fill,
  fontSize: F.fontSize,
  bg: F.bg,
};

/** Writes a style patch into a shape map (inside the caller's transaction). */
export function writeStyle(map: Y.Map<unknown>, patch: StylePatch): void {
  for (const key of Object.keys(patch) as (keyof StylePatch)[]) {
    const v = patch[key];
    if (v === undefined) continue;
    const field = FIELD[key];
    if (v === DEFAULTS[key]) {
      if (map.has(field)) map.delete(field);
    } else if (map.get(field) !== v) map.set(field, v);
  }
}

/**
 * Restyles shapes: one local, undoable transaction. Fields that make no sense for a type
 * (fill on a stroke, sticky colour on a rect) are skipped so the doc stays small.
 */
export function restyleShapes(doc: Y.Doc, ids: Iterable<string>, patch: StylePatch): void {
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (const id of ids) {
      const map = shapes.get(id);
      if (!map) continue;
      const type = shapeType(map);
      const p: StylePatch = { ...patch };
      if (type !== 'rect' && type !== 'ellipse') delete p.fill;
      if (type !== 'sticky') delete p.bg;
      if (type === 'stroke' || type === 'line' || type === 'arrow') delete p.fontSize;
      if (type === 'text' || type === 'sticky') {
        delete p.width;
        delete p.dash;
      }
      writeStyle(map, p);
    }
  }, LOCAL_ORIGIN);
}
