/**
 * What the segment types (line, arrow) share: a segment from (0,0) to (w,h) in the local
 * frame (w, h may be negative), picked on its ink, edited by its two ends when selected
 * alone, dragged out from start to end. Either end may be bound to a shape
 * (board/bindingField.ts); `attach` then derives the ends from the targets (attach.ts),
 * and an elbow arrow's right-angled route (elbow.ts), in the board frame (rotation 0).
 */
import type * as Y from 'yjs';
import { F, type LineData } from '../../../shared/schema.ts';
import { bindingsOfMap, type Binding } from '../../board/bindingField.ts';
import { safeCoord } from '../../board/sanitize.ts';
import type { ShapeJSON } from '../../board/shapeJson.ts';
import type { ShapeModule } from '../types.ts';
import { straightEnds, type BindTarget, type BoundEnd } from './attach.ts';
import { readBase } from './base.ts';
import { elbowRoute } from './elbow.ts';
import { round, setNum, startValue } from './fields.ts';
import { baseJson, checkSize } from './json.ts';
import { segmentDistance, spanBox, toBoard, type Box } from './local.ts';

/** A line or arrow as read. */
export interface SegmentData extends LineData {
  /** the ends' bindings, start first; after attach only those whose target was found */
  bind: [Binding | null, Binding | null];
  /** drawn as a right-angled route */
  elbow: boolean;
  /** the elbow route, flat [x0, y0, x1, y1, …] in the local frame from (0,0) to (w,h); null: straight */
  route: number[] | null;
}

export function readSegment(id: string, map: Y.Map<unknown>, type: LineData['type']): SegmentData {
  return Object.assign(readBase(id, map), {
    type,
    w: safeCoord(map.get(F.w)),
    h: safeCoord(map.get(F.h)),
    bind: bindingsOfMap(map),
    elbow: map.get(F.elbow) === true,
    route: null,
  });
}

/** Places bound ends on their targets and routes an elbow; a free straight segment is left as stored. */
export function attachSegment(s: SegmentData, target: (id: string) => BindTarget | null): SegmentData {
  const found = s.bind.map((b): BoundEnd | null => {
    const t = b && target(b.to);
    return b && t ? { binding: b, target: t } : null;
  }) as [BoundEnd | null, BoundEnd | null];
  s.bind = [found[0]?.binding ?? null, found[1]?.binding ?? null];
  if (!found[0] && !found[1] && !s.elbow) return s;
  const free = [toBoard(s, 0, 0), toBoard(s, s.w, s.h)] as const;
  const pts = s.elbow ? elbowRoute(free, found) : straightEnds(free, found);
  const a = pts[0];
  const b = pts[pts.length - 1];
  // to 1/100 px, as stored: every editor, export and file gets the same numbers
  s.x = round(safeCoord(a.x));
  s.y = round(safeCoord(a.y));
  s.w = round(safeCoord(b.x) - s.x);
  s.h = round(safeCoord(b.y) - s.y);
  s.rotation = 0;
  s.route = s.elbow ? pts.flatMap((p) => [round(safeCoord(p.x) - s.x), round(safeCoord(p.y) - s.y)]) : null;
  return s;
}

/** The local points: the route, else the two ends. */
export const segmentPoints = (s: SegmentData): number[] => s.route ?? [0, 0, s.w, s.h];

function routeBox(r: number[]): Box {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (let i = 0; i < r.length; i += 2) {
    b.minX = Math.min(b.minX, r[i]);
    b.maxX = Math.max(b.maxX, r[i]);
    b.minY = Math.min(b.minY, r[i + 1]);
    b.maxY = Math.max(b.maxY, r[i + 1]);
  }
  return b;
}

function routeDistance(r: number[], x: number, y: number): number {
  let d = Infinity;
  for (let i = 0; i + 3 < r.length; i += 2) d = Math.min(d, segmentDistance(x, y, r[i], r[i + 1], r[i + 2], r[i + 3]));
  return d;
}

/** The JSON of a segment: its ends as drawn, then whether it is an elbow (the bindings are added by board/serialize.ts, which knows the other shapes). */
function segmentJson(s: SegmentData): ShapeJSON {
  const out = baseJson(s);
  out.w = s.w;
  out.h = s.h;
  if (s.elbow) out.elbow = true;
  return out;
}

/** Everything but the type, reading, writing and looks. */
export const segmentBehaviour = {
  attach: attachSegment,
  toJson: segmentJson,
  checkJson: checkSize,
  localBox: (s) => (s.route ? routeBox(s.route) : spanBox(s.w, s.h)),
  halfInk: (s) => s.width / 2,
  hit: (s, p, reach) => (s.route ? routeDistance(s.route, p.x, p.y) : segmentDistance(p.x, p.y, 0, 0, s.w, s.h)) <= reach,
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
} satisfies Partial<ShapeModule<SegmentData>>;
