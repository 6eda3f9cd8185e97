/** Arrows: a segment (common/segment.ts) with a head at its end; straight or elbow. */
import { writeNewShape } from '../common/create.ts';
import { jsonToNew } from '../common/json.ts';
import { readSegment, segmentBehaviour, type SegmentData } from '../common/segment.ts';
import type { ShapeModule } from '../types.ts';
import { headReach } from './head.ts';
import { paintArrow } from './paint.ts';
import { arrowSvg } from './svg.ts';

export const arrowModule: ShapeModule<SegmentData> = {
  type: 'arrow',
  read: (id, map) => readSegment(id, map, 'arrow'),
  create: (map, init, z) => writeNewShape(map, 'arrow', init, z, false),
  fromJson: (map, j, at) => writeNewShape(map, 'arrow', jsonToNew(j, at), at.z, false),
  ...segmentBehaviour,
  boundsPad: (s) => s.width / 2 + headReach(s),
  styles: ['color', 'width', 'dash', 'elbow', 'opacity'],
  ownStyle: (s) => ({ elbow: s.elbow }),
  paint: paintArrow,
  toSvg: arrowSvg,
};
