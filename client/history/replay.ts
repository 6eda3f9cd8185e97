/**
 * Replaying a board's growth (History panel slider). The keyframes are the board as
 * each checkpoint saw it, oldest first, and as it is now; between two of them the
 * shapes that appeared are added one step at a time in stacking order (a new shape
 * goes on top, so z order is the order they were drawn in), and what went away or
 * changed takes its later form at the keyframe. Step 0 is the empty board; the last
 * step is the last keyframe exactly.
 */
import { compareShapes } from '../board/order.ts';
import type { Shape } from '../shapes/types.ts';

interface Interval {
  /** what stays of the keyframe before, with changes of this keyframe applied */
  base: Shape[];
  /** shapes new in this keyframe, in z order */
  added: Shape[];
  /** steps this interval takes: one per added shape, at least one if anything changed */
  steps: number;
}

export interface Replay {
  /** Highest step; the slider runs 0..steps. */
  readonly steps: number;
  /** The shapes at `step` (clamped), in z order. */
  at(step: number): Shape[];
}

const sameShape = (a: Shape, b: Shape) => a === b || JSON.stringify(a) === JSON.stringify(b);

export function buildReplay(keyframes: readonly (readonly Shape[])[]): Replay {
  const intervals: Interval[] = [];
  let before = new Map<string, Shape>();
  for (const frame of keyframes) {
    const now = new Map(frame.map((s) => [s.id, s]));
    const base: Shape[] = [];
    let changed = false;
    for (const [id, old] of before) {
      const s = now.get(id);
      if (!s) changed = true;
      else {
        if (!sameShape(old, s)) changed = true;
        base.push(s);
      }
    }
    const added = frame.filter((s) => !before.has(s.id)).sort(compareShapes);
    const steps = added.length || (changed ? 1 : 0);
    if (steps) intervals.push({ base, added, steps });
    before = now;
  }
  const ends: number[] = [];
  let total = 0;
  for (const iv of intervals) ends.push((total += iv.steps));
  return {
    steps: total,
    at(step: number): Shape[] {
      const k = Math.max(0, Math.min(total, Math.round(step)));
      if (k === 0) return [];
      let i = 0;
      for (let lo = 0, hi = ends.length - 1; lo <= hi; ) {
        const mid = (lo + hi) >> 1;
        if (ends[mid] >= k) {
          i = mid;
          hi = mid - 1;
        } else lo = mid + 1;
      }
      const iv = intervals[i];
      const into = k - (i === 0 ? 0 : ends[i - 1]);
      const shown = iv.added.length ? iv.added.slice(0, into) : [];
      return [...iv.base, ...shown].sort(compareShapes);
    },
  };
}
