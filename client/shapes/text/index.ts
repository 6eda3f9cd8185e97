/**
 * Text: a box the size of its text. Resizing scales the font (as in Excalidraw), so the
 * Transformer keeps its proportions and offers corner handles only.
 */
import { F, type BoxData } from '../../../shared/schema.ts';
import { DEFAULT_FONT_SIZE } from '../common/base.ts';
import { boxBehaviour, boxJson } from '../common/box.ts';
import { writeNewShape } from '../common/create.ts';
import { setNum, startValue } from '../common/fields.ts';
import { checkSize, jsonToNew } from '../common/json.ts';
import type { ShapeModule } from '../types.ts';
import { paintTextShape } from './paint.ts';
import { readTextShape } from './read.ts';
import { textSvg } from './svg.ts';

export const textModule: ShapeModule<BoxData> = {
  type: 'text',
  outline: 'rect',
  read: readTextShape,
  create: (map, init, z) => writeNewShape(map, 'text', init, z, true),
  toJson: (s) => boxJson(s, { fontSize: true, bg: false }),
  checkJson: checkSize,
  fromJson: (map, j, at) => writeNewShape(map, 'text', jsonToNew(j, at), at.z, true),
  ...boxBehaviour,
  resize(map, _scaleX, scaleY, base) {
    const fs = startValue(map, F.fontSize, base?.fontSize, DEFAULT_FONT_SIZE) * Math.abs(scaleY);
    setNum(map, F.fontSize, Math.max(4, fs), DEFAULT_FONT_SIZE);
  },
  handles: 'corners',
  text: { layout: 'fit', editOnClick: true, dropWhenEmpty: true },
  styles: ['color', 'fontSize', 'opacity'],
  paint: paintTextShape,
  toSvg: textSvg,
};
