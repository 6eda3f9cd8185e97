/**
 * Restyling shapes. Style fields are written only when they differ from the default
 * (shapes/common/style.ts); a restyle writes only the fields the shape's module says
 * apply, so the doc stays small (no fill on a stroke, no note colour on a rect).
 */
import type * as Y from 'yjs';
import { moduleOfMap } from '../shapes/registry.ts';
import type { StyleKey, StylePatch } from '../shapes/types.ts';
import { writeStyle } from '../shapes/common/style.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { shapesMap } from './strokes.ts';

export { writeStyle } from '../shapes/common/style.ts';
export type { StylePatch } from '../shapes/types.ts';

/** Restyles shapes: one local, undoable transaction. */
export function restyleShapes(doc: Y.Doc, ids: Iterable<string>, patch: StylePatch): void {
  const shapes = shapesMap(doc);
  doc.transact(() => {
    for (const id of ids) {
      const map = shapes.get(id);
      const module = map && moduleOfMap(map);
      if (!map || !module) continue;
      const applies = module.restyles ?? module.styles;
      const p: StylePatch = { ...patch };
      for (const key of Object.keys(p) as StyleKey[]) if (!applies.includes(key)) delete p[key];
      writeStyle(map, p);
    }
  }, LOCAL_ORIGIN);
}
