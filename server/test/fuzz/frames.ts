/**
 * fast-check arbitraries for hostile y-websocket traffic: (a) valid frames from real
 * Yjs documents and awareness, (b) those mutated, (c) crafted and random bytes.
 * A batch is a few groups; the harness sends them on one raw socket.
 */
import fc from 'fast-check';
import { awarenessGroup } from './awareness.ts';
import { craftedGroup } from './crafted.ts';
import { deepTypesGroup, docGroup, manyClientsGroup } from './docs.ts';
import { mutatedGroup } from './mutate.ts';
import type { ArbOptions, FuzzFrame, FuzzGroup } from './types.ts';

export type { ArbOptions, FuzzFrame, FuzzGroup } from './types.ts';

const CloseText = 4403;
const CloseTooLarge = 4413;
/** The WebSocket layer refuses frames over 8 x MAX_FRAME_BYTES before buffering them (README). */
const CloseWsTooBig = 1009;

/**
 * Adds what the README promises for frames it names (text, over the limit) and keeps a
 * group valid only if every frame of it is within the limit.
 */
function finalize(g: FuzzGroup, opts: ArbOptions): FuzzGroup {
  let valid = g.valid;
  const frames = g.frames.map((f): FuzzFrame => {
    if (typeof f.data === 'string') return { data: f.data, expect: [CloseText] };
    if (f.data.length > opts.maxFrameBytes * 8) {
      valid = false;
      return { data: f.data, expect: [CloseWsTooBig] };
    }
    if (f.data.length > opts.maxFrameBytes) {
      valid = false;
      return { data: f.data, expect: [CloseTooLarge] };
    }
    return { data: f.data };
  });
  return { ...g, frames, valid };
}

/** Every valid kind of group, before mutation. */
export const validBase = (opts: ArbOptions): fc.Arbitrary<FuzzGroup> =>
  fc.oneof(
    { weight: 6, arbitrary: docGroup },
    { weight: 1, arbitrary: manyClientsGroup },
    { weight: 1, arbitrary: deepTypesGroup },
    { weight: 3, arbitrary: awarenessGroup(opts) },
    { weight: 2, arbitrary: craftedGroup(opts) },
  );

export const fuzzGroup = (opts: ArbOptions): fc.Arbitrary<FuzzGroup> =>
  fc
    .oneof(
      { weight: 4, arbitrary: validBase(opts) },
      { weight: 4, arbitrary: mutatedGroup(validBase(opts)) },
      { weight: 2, arbitrary: craftedGroup(opts) },
    )
    .map((g) => finalize(g, opts));

/** One batch: what one raw socket sends before the harness checks the room. */
export const fuzzBatch = (opts: ArbOptions, maxGroups = 3): fc.Arbitrary<FuzzGroup[]> =>
  fc.array(fuzzGroup(opts), { minLength: 1, maxLength: maxGroups });

export const frameCount = (batch: FuzzGroup[]) => batch.reduce((n, g) => n + g.frames.length, 0);
