/**
 * What the segment types (line, arrow) share: a segment from (0,0) to (w,h) in the local
 * frame (w, h may be negative), picked on its ink, edited by its two ends when selected
 * alone, dragged out from start to end.
 */
import type * as Y from 'yjs';
import { F, type LineData } from '../../../shared/schema.ts';
import { safeCoord } from '../../board/sanitize.ts';
import type { ShapeModule } from '../types.ts';
import { readBase } from './base.ts';
import { setNum, startValue } from './fields.ts';
import { baseJson, checkSize } from './json.ts';
import { segmentDistance, spanBox, toBoard } from './local.ts';

export function readSegment(id: string, map: Y.Map<unknown>, type: LineData['type']): LineData {
  return Object.assign(readBase(id, map), { type, w: safeCoord(map.get(F.w)), h: safeCoord(map.get(F.h)) });
}

/** Everything but the type, reading, writing and looks. */
export const segmentBehaviour = {
  toJson(s) {
    const out = baseJson(s);
    out.w = s.w;
    out.h = s.h;
    return out;
  },
  checkJson: checkSize,
  localBox: (s) => spanBox(s.w, s.h),
  halfInk: (s) => s.width / 2,
  hit: (s, p, reach) => segmentDistance(p.x, p.y, 0, 0, s.w, s.h) <= reach,
  resize(map, scaleX, scaleY, base) {
    setNum(map, F.w, startValue(map, F.w, base?.w, 0) * scaleX);
    setNum(map, F.h, startValue(map, F.h, base?.h, 0) * scaleY);
  },
  handles: 'free',
  framePad: (s) => Math.max(4, s.width),
  ends: {
    get: (s) => [toBoard(s, 0, 0), toBoard(s, s.w, s.h)],
    // the rotation goes: two points say it all
    set(map, a, b) {
      setNum(map, F.x, a.x);
      setNum(map, F.y, a.y);
      setNum(map, F.w, b.x - a.x);
      setNum(map, F.h, b.y - a.y);
      setNum(map, F.rotation, 0, 0);
    },
  },
  drag: { kind: 'segment', clickSize: null },
  styles: ['color', 'width', 'dash', 'opacity'],
} satisfies Partial<ShapeModule<LineData>>;
