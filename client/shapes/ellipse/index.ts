/** Ellipses: a box (common/box.ts) picked inside its curve, with a fill, an outline and a label. */
import type { BoxData } from '../../../shared/schema.ts';
import { boxBehaviour, boxJson, LABEL, readBox } from '../common/box.ts';
import { writeNewShape } from '../common/create.ts';
import { checkSize, jsonToNew } from '../common/json.ts';
import type { ShapeModule } from '../types.ts';
import { paintEllipse } from './paint.ts';
import { ellipseSvg } from './svg.ts';

export const ellipseModule: ShapeModule<BoxData> = {
  type: 'ellipse',
  outline: 'ellipse',
  read: (id, map) => readBox(id, map, 'ellipse', ''),
  create: (map, init, z) => writeNewShape(map, 'ellipse', init, z, false),
  toJson: (s) => boxJson(s, { fontSize: false, bg: false }),
  checkJson: checkSize,
  fromJson: (map, j, at) => writeNewShape(map, 'ellipse', jsonToNew(j, at), at.z, false),
  ...boxBehaviour,
  // inside the ellipse grown by the reach, not its bounding box
  hit(s, p, reach) {
    const nx = (p.x - s.w / 2) / (s.w / 2 + reach);
    const ny = (p.y - s.h / 2) / (s.h / 2 + reach);
    return nx * nx + ny * ny <= 1;
  },
  handles: 'free',
  drag: { kind: 'box', clickSize: { w: 120, h: 120 } },
  text: LABEL,
  styles: ['color', 'fill', 'width', 'dash', 'fontSize', 'opacity'],
  paint: paintEllipse,
  toSvg: ellipseSvg,
};
