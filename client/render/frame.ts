/**
 * One requestAnimationFrame loop for the whole app, in two phases.
 *
 * 'input' work (flushing pen points into the doc, publishing the cursor) runs before
 * 'render' work (drawing the layer, moving cursors). Doc changes made in the input
 * phase therefore reach the screen in the same frame instead of the next one, which
 * keeps the local stroke glued to the pointer.
 */
export type Phase = 'input' | 'render';

const queues: Record<Phase, Set<() => void>> = { input: new Set(), render: new Set() };
let scheduled = false;
let frameStart = 0;

/** The requestAnimationFrame timestamp of the frame running (or last run). */
export const frameTime = () => frameStart;

function run(t: DOMHighResTimeStamp) {
  scheduled = false;
  frameStart = t;
  for (const phase of ['input', 'render'] as const) {
    const q = queues[phase];
    const fns = [...q];
    q.clear();
    for (const fn of fns) {
      try {
        fn();
      } catch (err) {
        console.error(err);
      }
    }
  }
}

/** Runs `fn` once in the next frame (the same function scheduled twice runs once). */
export function requestFrame(fn: () => void, phase: Phase = 'render'): void {
  queues[phase].add(fn);
  if (!scheduled) {
    scheduled = true;
    requestAnimationFrame(run);
  }
}
