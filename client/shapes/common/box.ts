/**
 * What the box types (rect, ellipse, text, sticky) share: geometry (0,0)-(w,h) in the
 * local frame, picked anywhere inside (as in tldraw), resized by stretching w and h.
 */
import type * as Y from 'yjs';
import { F, type BoxData } from '../../../shared/schema.ts';
import type { ShapeJSON } from '../../board/shapeJson.ts';
import { clampNum, RANGES } from '../../board/sanitize.ts';
import type { ShapeModule, TextSpec } from '../types.ts';
import { readBase, readText } from './base.ts';
import { setNum, startValue } from './fields.ts';
import { baseJson } from './json.ts';
import { spanBox } from './local.ts';

const COORD = RANGES.coord;

/** A rect's or ellipse's label: wrapped in the box, opened with a double-click. */
export const LABEL: TextSpec = { layout: 'wrap', editOnClick: false, dropWhenEmpty: false };

/** A rect, ellipse or note as read: its stored size, at least 1 px. */
export function readBox(id: string, map: Y.Map<unknown>, type: BoxData['type'], bg: string): BoxData {
  return Object.assign(readBase(id, map), {
    type,
    w: clampNum(map.get(F.w), 1, COORD, 1),
    h: clampNum(map.get(F.h), 1, COORD, 1),
    text: readText(map),
    bg,
  });
}

/** JSON of a box: size, then fill, font size, text and note colour where they apply. */
export function boxJson(s: BoxData, opts: { fontSize: boolean; bg: boolean }): ShapeJSON {
  const out = baseJson(s);
  out.w = s.w;
  out.h = s.h;
  if (s.fill !== 'none') out.fill = s.fill;
  if (s.fontSize !== 20 || opts.fontSize) out.fontSize = s.fontSize;
  if (s.text) out.text = s.text;
  if (opts.bg) out.bg = s.bg;
  return out;
}

/** Geometry and resizing every box type has. */
export const boxBehaviour = {
  localBox: (s: BoxData) => spanBox(s.w, s.h),
  halfInk: (s: BoxData) => s.width / 2,
  hit: (s: BoxData, p: { x: number; y: number }, reach: number) => p.x >= -reach && p.y >= -reach && p.x <= s.w + reach && p.y <= s.h + reach,
  resize(map: Y.Map<unknown>, scaleX: number, scaleY: number, base: BoxData | undefined) {
    setNum(map, F.w, Math.max(1, startValue(map, F.w, base?.w, 1) * Math.abs(scaleX)));
    setNum(map, F.h, Math.max(1, startValue(map, F.h, base?.h, 1) * Math.abs(scaleY)));
  },
} satisfies Partial<ShapeModule<BoxData>>;
