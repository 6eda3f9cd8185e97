/** Straight lines: a segment (common/segment.ts). */
import { writeNewShape } from '../common/create.ts';
import { jsonToNew } from '../common/json.ts';
import { readSegment, segmentBehaviour, type SegmentData } from '../common/segment.ts';
import type { ShapeModule } from '../types.ts';
import { paintLine } from './paint.ts';
import { lineSvg } from './svg.ts';

export const lineModule: ShapeModule<SegmentData> = {
  type: 'line',
  read: (id, map) => readSegment(id, map, 'line'),
  create: (map, init, z) => writeNewShape(map, 'line', init, z, false),
  fromJson: (map, j, at) => writeNewShape(map, 'line', jsonToNew(j, at), at.z, false),
  ...segmentBehaviour,
  paint: paintLine,
  toSvg: lineSvg,
};
