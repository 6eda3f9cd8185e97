/** Sticky notes: a coloured box (common/box.ts) holding text; the note's colour is its own style. */
import { F, type BoxData } from '../../../shared/schema.ts';
import { safeColor } from '../../board/sanitize.ts';
import { DEFAULT_STICKY_BG } from '../common/base.ts';
import { boxBehaviour, boxJson, readBox } from '../common/box.ts';
import { writeNewShape } from '../common/create.ts';
import { checkSize, jsonToNew } from '../common/json.ts';
import type { ShapeModule } from '../types.ts';
import { paintSticky } from './paint.ts';
import { stickySvg } from './svg.ts';

export const stickyModule: ShapeModule<BoxData> = {
  type: 'sticky',
  outline: 'rect',
  read: (id, map) => readBox(id, map, 'sticky', safeColor(map.get(F.bg), DEFAULT_STICKY_BG)),
  create: (map, init, z) => writeNewShape(map, 'sticky', init, z, true),
  toJson: (s) => boxJson(s, { fontSize: true, bg: true }),
  checkJson: checkSize,
  fromJson: (map, j, at) => writeNewShape(map, 'sticky', jsonToNew(j, at), at.z, true),
  ...boxBehaviour,
  handles: 'free',
  text: { layout: 'wrap', editOnClick: true, dropWhenEmpty: false },
  styles: ['bg', 'color', 'fontSize', 'opacity'],
  ownStyle: (s) => ({ bg: s.bg }),
  paint: paintSticky,
  toSvg: stickySvg,
};
