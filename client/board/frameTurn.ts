/**
 * A frame turned carries its members (as tldraw does): the frame's move from its old
 * placement to its new one, a rotation about its centre plus whatever translation came
 * with it, is applied to each member's origin and added to its rotation, so the content
 * turns as one picture. Only a rigid turn carries: a frame whose size changed was resized,
 * and members are never scaled with it (they keep their place; frameKeeper resettles who
 * belongs). Written inside the caller's transaction, so the turn and its members are one
 * change for peers and one undo step.
 */
import type * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { num, setNum } from '../shapes/common/fields.ts';
import { toBoard } from '../shapes/common/local.ts';
import { frameMembers, isFrameMap } from './frames.ts';
import { isLockedMap } from './lock.ts';
import { readOrigin } from './read.ts';
import { shapesMap } from './strokes.ts';

/** Where a frame lies, as stored. */
export interface FramePose {
  x: number;
  y: number;
  rotation: number;
  w: number;
  h: number;
}

/** The stored placement of a frame's map; null for any other shape. */
export function framePose(map: Y.Map<unknown> | undefined): FramePose | null {
  if (!map || !isFrameMap(map)) return null;
  const o = readOrigin(map);
  return { x: o.x, y: o.y, rotation: num(map.get(F.rotation), 0), w: num(map.get(F.w), 1), h: num(map.get(F.h), 1) };
}

/** (-180, 180], as transformShapes stores rotations. */
export function normalDegrees(r: number): number {
  const n = ((r % 360) + 360) % 360;
  return n > 180 ? n - 360 : n;
}

const RAD = Math.PI / 180;

/**
 * Carries the members of the frames that turned from `from` to `to` (inside the caller's
 * transaction). Members in `skip` are placed by the caller (a selection turned together
 * with its frame) and locked members stay where they are, as with moves.
 */
export function carryTurnedMembers(doc: Y.Doc, turns: ReadonlyMap<string, { from: FramePose; to: FramePose }>, skip: ReadonlySet<string>): void {
  const rigid = new Map([...turns].filter(([, t]) => t.from.w === t.to.w && t.from.h === t.to.h && t.from.rotation !== t.to.rotation));
  if (!rigid.size) return;
  const shapes = shapesMap(doc);
  for (const [frame, members] of frameMembers(doc, new Set(rigid.keys()))) {
    const { from, to } = rigid.get(frame)!;
    const turn = to.rotation - from.rotation;
    const c0 = toBoard(from, from.w / 2, from.h / 2);
    const c1 = toBoard(to, to.w / 2, to.h / 2);
    const cos = Math.cos(turn * RAD);
    const sin = Math.sin(turn * RAD);
    for (const id of members) {
      const map = shapes.get(id);
      if (!map || skip.has(id) || isLockedMap(map) || isFrameMap(map)) continue;
      const o = readOrigin(map);
      const dx = o.x - c0.x;
      const dy = o.y - c0.y;
      setNum(map, F.x, c1.x + dx * cos - dy * sin);
      setNum(map, F.y, c1.y + dx * sin + dy * cos);
      setNum(map, F.rotation, normalDegrees(num(map.get(F.rotation), 0) + turn), 0);
    }
  }
}
