/**
 * Freehand strokes (pen and highlighter). Drawn point by point by the pen tool
 * (board/strokes.ts), so there is no `create`; resizing scales the points (sx, sy)
 * instead of rewriting them.
 */
import { F, type StrokeData } from '../../../shared/schema.ts';
import { setNum, startValue } from '../common/fields.ts';
import type { ShapeModule } from '../types.ts';
import { strokeBox, strokeHalfInk, strokeHit } from './geometry.ts';
import { checkStrokeJson, strokeFromJson, strokeToJson } from './json.ts';
import { headerOf, impliedStroke } from './layout.ts';
import { newStrokePaintCache, paintStroke, type StrokePaintCache } from './paint.ts';
import { readWholeStroke } from './read.ts';
import { strokeSvg } from './svg.ts';

export const strokeModule: ShapeModule<StrokeData, StrokePaintCache> = {
  type: 'stroke',
  owns: impliedStroke,
  impliedKeys: headerOf,
  read: readWholeStroke,
  toJson: strokeToJson,
  checkJson: checkStrokeJson,
  fromJson: strokeFromJson,
  localBox: strokeBox,
  halfInk: strokeHalfInk,
  hit: strokeHit,
  resize(map, scaleX, scaleY, base) {
    setNum(map, F.sx, startValue(map, F.sx, base?.sx, 1) * scaleX, 1);
    setNum(map, F.sy, startValue(map, F.sy, base?.sy, 1) * scaleY, 1);
  },
  handles: 'ratio',
  drawing: (s) => !s.done,
  styles: ['color', 'width', 'opacity'],
  // a dash chosen for a mixed selection is kept (and goes into JSON), though strokes are not painted dashed
  restyles: ['color', 'width', 'opacity', 'dash'],
  newPaintCache: newStrokePaintCache,
  paint: paintStroke,
  toSvg: strokeSvg,
};
