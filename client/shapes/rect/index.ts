/** Rectangles: a box (common/box.ts) with a fill, an outline and a label. */
import type { BoxData } from '../../../shared/schema.ts';
import { boxBehaviour, boxJson, LABEL, readBox } from '../common/box.ts';
import { writeNewShape } from '../common/create.ts';
import { checkSize, jsonToNew } from '../common/json.ts';
import type { ShapeModule } from '../types.ts';
import { paintRect } from './paint.ts';
import { rectSvg } from './svg.ts';

export const rectModule: ShapeModule<BoxData> = {
  type: 'rect',
  outline: 'rect',
  read: (id, map) => readBox(id, map, 'rect', ''),
  create: (map, init, z) => writeNewShape(map, 'rect', init, z, false),
  toJson: (s) => boxJson(s, { fontSize: false, bg: false }),
  checkJson: checkSize,
  fromJson: (map, j, at) => writeNewShape(map, 'rect', jsonToNew(j, at), at.z, false),
  ...boxBehaviour,
  handles: 'free',
  drag: { kind: 'box', clickSize: { w: 120, h: 80 } },
  text: LABEL,
  styles: ['color', 'fill', 'width', 'dash', 'fontSize', 'opacity'],
  paint: paintRect,
  toSvg: rectSvg,
};
