/**
 * fast-check arbitraries for hostile y-websocket traffic: (a) valid frames from real
 * Yjs documents and awareness, (b) those mutated, (c) crafted and random bytes.
 * A batch is a few scripts of a few groups; the harness sends each on its own raw socket.
 */
import fc from 'fast-check';
import { awarenessGroup } from './awareness.ts';
import { craftedGroup } from './crafted.ts';
import { deepTypesGroup, docGroup, manyClientsGroup } from './docs.ts';
import { mutatedGroup } from './mutate.ts';
import type { ArbOptions, FuzzFrame, FuzzGroup } from './types.ts';

export type { ArbOptions, FuzzFrame, FuzzGroup } from './types.ts';

const CloseText = 4403;
/**
 * Over MAX_FRAME_BYTES: 4413, or 1009 once the WebSocket layer refuses to buffer it. The
 * README and shared/limits.ts hardPayloadLimit put that at the limit + min(limit, 1 MiB):
 * either code is accepted for any oversized frame.
 */
const TooLarge = [4413, 1009];

/**
 * Adds what the README promises for frames it names (text, over the limit) and keeps a
 * group valid only if every frame of it is within the limit.
 */
function finalize(g: FuzzGroup, opts: ArbOptions): FuzzGroup {
  let valid = g.valid;
  const frames = g.frames.map((f): FuzzFrame => {
    if (typeof f.data === 'string') return { data: f.data, expect: [CloseText] };
    if (f.data.length > opts.maxFrameBytes) {
      valid = false;
      return { data: f.data, expect: TooLarge };
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

/** What one raw socket sends. */
export type Script = FuzzGroup[];

/** One batch: a few raw sockets, each with a few groups, sent at once before the harness checks the room. */
export const fuzzBatch = (opts: ArbOptions, maxSockets = 4, maxGroups = 3): fc.Arbitrary<Script[]> =>
  fc.array(fc.array(fuzzGroup(opts), { minLength: 1, maxLength: maxGroups }), { minLength: 1, maxLength: maxSockets });
