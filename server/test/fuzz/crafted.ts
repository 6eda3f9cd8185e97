/**
 * Frames written byte by byte: state vectors (empty, garbage, huge clocks), updates the
 * Yjs API would not produce (deep "any" nesting, delete sets for unknown clients and
 * clocks, ids at the edge of the integer range), the other message types, text frames,
 * random bytes and frames over the size limit.
 */
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { hostileClient } from './docs.ts';
import { authFrame, deepAny, deleteSetUpdate, mapSetAnyUpdate, queryAwarenessFrame, stateVector, syncFrame, SYNC, type DsRange } from './wire.ts';
import { jsonValue, logInt } from './values.ts';
import type { ArbOptions, FuzzFrame, FuzzGroup } from './types.ts';

const one =
  (label: string, valid = false) =>
  (data: Uint8Array | string): FuzzGroup => ({ label, frames: [{ data } satisfies FuzzFrame], valid, clients: [] });

const bigClock = fc.oneof(fc.nat({ max: 1000 }), fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1));

const syncStep1: fc.Arbitrary<FuzzGroup> = fc.oneof(
  fc.constant(one('sv:empty', true)(syncFrame(SYNC.Step1, new Uint8Array([0])))),
  fc.array(fc.tuple(hostileClient, bigClock), { maxLength: 8 }).map((pairs) => one('sv:pairs')(syncFrame(SYNC.Step1, stateVector(pairs)))),
  logInt(100, 10_000).map((n) => one('sv:many')(syncFrame(SYNC.Step1, stateVector(Array.from({ length: n }, (_, i): [number, number] => [i, 2 ** 53 - 1]))))),
  fc.uint8Array({ maxLength: 64 }).map((garbage) => one('sv:garbage')(syncFrame(SYNC.Step1, garbage))),
);

const dsRange: fc.Arbitrary<DsRange> = fc.record({
  client: hostileClient,
  ranges: fc.array(fc.tuple(bigClock, fc.oneof(fc.constantFrom(0, 1, 2 ** 32, 2 ** 53 - 1), fc.nat({ max: 100 }))), { minLength: 1, maxLength: 4 }),
});

/** A single "any" value in lib0's encoding, including bigint (the Yjs API refuses those). */
const anyBytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  logInt(1, 60_000).map(deepAny),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }).map((b) => {
    const e = encoding.createEncoder();
    encoding.writeAny(e, b);
    return encoding.toUint8Array(e);
  }),
  jsonValue.map((v) => {
    const e = encoding.createEncoder();
    encoding.writeAny(e, v);
    return encoding.toUint8Array(e);
  }),
);

const craftedUpdate: fc.Arbitrary<FuzzGroup> = fc.oneof(
  fc
    .tuple(fc.array(dsRange, { minLength: 1, maxLength: 4 }), fc.constantFrom(SYNC.Update, SYNC.Step2))
    .map(([ds, sub]) => one('upd:deleteSet')(syncFrame(sub, deleteSetUpdate(ds)))),
  fc
    .record({ client: hostileClient, clock: bigClock, root: fc.constantFrom('m', 'shapes', ''), key: fc.string({ maxLength: 8 }), any: anyBytes })
    .map(({ client, clock, root, key, any }) => one('upd:craftedAny')(syncFrame(SYNC.Update, mapSetAnyUpdate(client, clock, root, key, any)))),
  fc.constant(one('upd:empty', true)(syncFrame(SYNC.Update, new Uint8Array([0, 0])))),
);

const otherTypes: fc.Arbitrary<FuzzGroup> = fc.oneof(
  fc.constant(one('query', true)(queryAwarenessFrame())),
  fc.string({ maxLength: 40 }).map((r) => one('auth')(authFrame(r))),
  fc.tuple(fc.integer({ min: 2, max: 300 }), fc.uint8Array({ maxLength: 16 })).map(([type, rest]) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, type);
    encoding.writeUint8Array(e, rest);
    return one('type:other')(encoding.toUint8Array(e));
  }),
  fc.tuple(fc.integer({ min: 3, max: 300 }), fc.uint8Array({ maxLength: 16 })).map(([sub, rest]) => one('sync:otherSub')(new Uint8Array([0, ...syncFrame(sub, rest).subarray(1)]))),
);

/** Cheap pseudo-random fill: fc.uint8Array of 100 KB takes seconds to generate. */
function filled(seed: number, size: number, prefix: number[]): Uint8Array {
  const out = new Uint8Array(size);
  out.set(prefix.slice(0, size));
  let x = seed | 1;
  for (let i = prefix.length; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const prefixes = fc.constantFrom<number[]>([], [0, 0], [0, 1], [0, 2], [1], [3], [0, 2, 0xff, 0xff, 0xff, 0xff, 0x0f]);

const randomBytes = (opts: ArbOptions): fc.Arbitrary<FuzzGroup> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.tuple(prefixes, fc.uint8Array({ maxLength: 300 })).map(([p, r]) => one('random')(new Uint8Array([...p, ...r]))) },
    { weight: 1, arbitrary: fc.constant(one('random:emptyFrame')(new Uint8Array(0))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer(), logInt(1000, 200_000), prefixes).map(([s, n, p]) => one('random:large')(filled(s, n, p))) },
    // just over the limit, and (rarely: a megabyte each) over the WebSocket layer's hard limit
    { weight: 1, arbitrary: fc.tuple(fc.integer(), fc.integer({ min: 1, max: 512 })).map(([s, n]) => one('oversize')(filled(s, opts.maxFrameBytes + n, [0, 2]))) },
    { weight: 1, arbitrary: fc.tuple(fc.integer(), fc.integer({ min: 1, max: 64 }), fc.nat({ max: 19 })).map(([s, n, skip]) => skip === 0 ? one('oversize:hard')(filled(s, opts.maxFrameBytes * 8 + n, [0, 2])) : one('oversize')(filled(s, opts.maxFrameBytes + n, [1]))) },
  );

const textFrame: fc.Arbitrary<FuzzGroup> = fc.oneof(fc.string({ maxLength: 50 }), fc.constant('\u0000\u0002')).map(one('text'));

export const craftedGroup = (opts: ArbOptions): fc.Arbitrary<FuzzGroup> =>
  fc.oneof(
    { weight: 2, arbitrary: syncStep1 },
    { weight: 3, arbitrary: craftedUpdate },
    { weight: 2, arbitrary: otherTypes },
    { weight: 3, arbitrary: randomBytes(opts) },
    { weight: 1, arbitrary: textFrame },
  );
