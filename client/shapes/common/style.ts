/**
 * Style fields: written only when they differ from the default (an absent field costs
 * nothing in the document), removed again when set back to the default.
 */
import type * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import type { StyleKey, StylePatch } from '../types.ts';
import { DEFAULT_FONT_SIZE } from './base.ts';

const DEFAULTS: { [K in StyleKey]-?: unknown } = {
  color: undefined,
  width: undefined,
  opacity: 1,
  dash: false,
  fill: 'none',
  fontSize: DEFAULT_FONT_SIZE,
  bg: undefined,
  elbow: false,
};

const FIELD: { [K in StyleKey]-?: string } = {
  color: F.color,
  width: F.width,
  opacity: F.opacity,
  dash: F.dash,
  fill: F.fill,
  fontSize: F.fontSize,
  bg: F.bg,
  elbow: F.elbow,
};

/** Writes a style patch into a shape map (inside the caller's transaction). */
export function writeStyle(map: Y.Map<unknown>, patch: StylePatch): void {
  for (const key of Object.keys(patch) as StyleKey[]) {
    const v = patch[key];
    if (v === undefined) continue;
    const field = FIELD[key];
    if (v === DEFAULTS[key]) {
      if (map.has(field)) map.delete(field);
    } else if (map.get(field) !== v) map.set(field, v);
  }
}
