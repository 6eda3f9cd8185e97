/**
 * Frames (F): a named rectangle that holds shapes, as in Excalidraw and tldraw. The map
 * holds the box (x, y, w, h) and the name (`nm`, a plain string: last writer wins); the
 * shapes inside say which frame they belong to (`fr`, board/frames.ts), are clipped to it
 * and move with it. A frame is transparent (its border and its name above it are all it
 * paints), so it is picked on its border and its name only: a click inside it reaches
 * what is inside, or starts a marquee.
 */
import type * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import type { ShapeJSON } from '../../board/shapeJson.ts';
import { clampNum, RANGES, safeLabel } from '../../board/sanitize.ts';
import { readBase } from '../common/base.ts';
import { round, setNum, startValue } from '../common/fields.ts';
import { baseJson, checkSize } from '../common/json.ts';
import { spanBox } from '../common/local.ts';
import type { NewShape, Shape, ShapeModule } from '../types.ts';
import { LABEL_H, labelWidth } from './label.ts';
import { paintFrame } from './paint.ts';
import { frameSvg } from './svg.ts';

/** Longest name kept (characters); longer ones are cut when read, and refused in files. */
export const FRAME_NAME_MAX = 100;

export interface FrameShape extends Shape {
  type: 'frame';
  w: number;
  h: number;
  /** as stored ('' when unnamed); shown as DEFAULT_FRAME_NAME then */
  name: string;
}

const COORD = RANGES.coord;

export function readFrame(id: string, map: Y.Map<unknown>): FrameShape {
  return Object.assign(readBase(id, map), {
    type: 'frame' as const,
    w: clampNum(map.get(F.w), 1, COORD, 1),
    h: clampNum(map.get(F.h), 1, COORD, 1),
    name: safeLabel(map.get(F.name), FRAME_NAME_MAX),
    // frames do not nest
    frame: undefined,
  });
}

/** Fills a fresh map with a frame: its box, author and name; no style (a frame has none). */
function writeFrame(map: Y.Map<unknown>, init: NewShape & { name?: string }, z: string): void {
  map.set(F.type, 'frame');
  map.set(F.z, z);
  map.set(F.x, round(init.x));
  map.set(F.y, round(init.y));
  map.set(F.w, round(init.w));
  map.set(F.h, round(init.h));
  if (init.rotation) map.set(F.rotation, round(init.rotation));
  map.set(F.author, init.author);
  const name = safeLabel(init.name, FRAME_NAME_MAX);
  if (name) map.set(F.name, name);
  if (init.done === false) map.set(F.done, false);
}

function frameJson(s: FrameShape): ShapeJSON {
  const out = baseJson(s);
  out.w = s.w;
  out.h = s.h;
  if (s.name) out.name = s.name;
  return out;
}

function checkFrameJson(j: Readonly<Record<string, unknown>>, fail: (field: string, what: string) => never): void {
  checkSize(j, fail);
  if (j.name !== undefined && (typeof j.name !== 'string' || Array.from(j.name).length > FRAME_NAME_MAX)) fail('name', `expected a string of at most ${FRAME_NAME_MAX} characters`);
}

export const frameModule: ShapeModule<FrameShape> = {
  type: 'frame',
  read: (id, map) => readFrame(id, map),
  create: (map, init, z) => writeFrame(map, init, z),
  toJson: frameJson,
  checkJson: checkFrameJson,
  fromJson: (map, j, at) => writeFrame(map, { x: j.x + at.dx, y: j.y + at.dy, w: j.w ?? 1, h: j.h ?? 1, rotation: j.rotation, author: at.author, style: {}, name: j.name }, at.z),
  localBox: (s) => spanBox(s.w, s.h),
  halfInk: () => 1,
  // the name label above it
  boundsPad: () => LABEL_H,
  hit(s, p, reach) {
    const onLabel = p.y >= -LABEL_H && p.y <= 0 && p.x >= 0 && p.x <= labelWidth(s);
    const inOuter = p.x >= -reach && p.y >= -reach && p.x <= s.w + reach && p.y <= s.h + reach;
    const inInner = p.x > reach && p.y > reach && p.x < s.w - reach && p.y < s.h - reach;
    return onLabel || (inOuter && !inInner);
  },
  resize(map, scaleX, scaleY, base) {
    setNum(map, F.w, Math.max(1, startValue(map, F.w, base?.w, 1) * Math.abs(scaleX)));
    setNum(map, F.h, Math.max(1, startValue(map, F.h, base?.h, 1) * Math.abs(scaleY)));
  },
  handles: 'free',
  drag: { kind: 'box', clickSize: { w: 320, h: 180 } },
  styles: [],
  paint: paintFrame,
  toSvg: frameSvg,
};

/** The frame data of a shape that is one, else null. */
export const asFrame = (s: Shape | undefined | null): FrameShape | null => (s?.type === 'frame' ? (s as FrameShape) : null);
