/**
 * Mutations of valid frames: bit flips, truncation, inserted and deleted bytes, varint
 * fields (the payload length above all) rewritten to huge values, duplication and
 * concatenation. Described as data, so fast-check shrinks them like any value.
 */
import fc from 'fast-check';
import { varUint } from './wire.ts';
import type { FuzzGroup } from './types.ts';

type Mutation =
  | { m: 'flip'; pos: number; bit: number }
  | { m: 'truncate'; at: number }
  | { m: 'insert'; pos: number; bytes: Uint8Array }
  | { m: 'delete'; pos: number; count: number }
  /** `pos` null: the frame's payload length field (after the type, and the sync sub-type). */
  | { m: 'varint'; pos: number | null; value: number }
  | { m: 'repeat'; times: number };

const pos = fc.nat({ max: 1 << 20 });
const huge = fc.oneof(fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1, 0x7f, 0x80, 0), fc.nat());

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ m: fc.constant('flip' as const), pos, bit: fc.nat({ max: 7 }) }) },
  { weight: 2, arbitrary: fc.record({ m: fc.constant('truncate' as const), at: pos }) },
  { weight: 2, arbitrary: fc.record({ m: fc.constant('insert' as const), pos, bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }) },
  { weight: 2, arbitrary: fc.record({ m: fc.constant('delete' as const), pos, count: fc.integer({ min: 1, max: 8 }) }) },
  { weight: 3, arbitrary: fc.record({ m: fc.constant('varint' as const), pos: fc.option(pos, { freq: 2 }), value: huge }) },
  { weight: 1, arbitrary: fc.record({ m: fc.constant('repeat' as const), times: fc.integer({ min: 2, max: 5 }) }) },
);

/** Length of the varuint starting at `at` (continuation bit 0x80), capped at the frame's end. */
function varintLength(bytes: Uint8Array, at: number): number {
  let n = 0;
  while (at + n < bytes.length && bytes[at + n] & 0x80) n++;
  return Math.min(n + 1, bytes.length - at);
}

function payloadLengthAt(bytes: Uint8Array): number {
  // [0, sub, len, ...] for sync, [1, len, ...] for awareness; other types have no length
  return bytes[0] === 0 ? 2 : 1;
}

function apply(bytes: Uint8Array, mut: Mutation): Uint8Array {
  const len = bytes.length;
  const at = (p: number) => (len === 0 ? 0 : p % len);
  switch (mut.m) {
    case 'flip': {
      if (len === 0) return bytes;
      const out = bytes.slice();
      out[at(mut.pos)] ^= 1 << mut.bit;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at(mut.at));
    case 'insert': {
      const p = len === 0 ? 0 : mut.pos % (len + 1);
      return concat([bytes.subarray(0, p), mut.bytes, bytes.subarray(p)]);
    }
    case 'delete': {
      const p = at(mut.pos);
      return concat([bytes.subarray(0, p), bytes.subarray(p + mut.count)]);
    }
    case 'varint': {
      const p = mut.pos === null ? Math.min(payloadLengthAt(bytes), len) : at(mut.pos);
      return concat([bytes.subarray(0, p), varUint(mut.value), bytes.subarray(p + varintLength(bytes, p))]);
    }
    case 'repeat':
      return concat(Array.from({ length: mut.times }, () => bytes));
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A base group with one of its binary frames mutated (`which` picks it), or two frames
 * of two groups glued into one; the frames around it are sent as they were, so a
 * mutated update can follow the edit it depends on.
 */
export const mutatedGroup = (base: fc.Arbitrary<FuzzGroup>): fc.Arbitrary<FuzzGroup> =>
  fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ g: base, which: fc.nat(), muts: fc.array(mutation, { minLength: 1, maxLength: 3 }) }).map(({ g, which, muts }): FuzzGroup => {
        const i = which % g.frames.length;
        const target = g.frames[i]?.data;
        if (target === undefined || typeof target === 'string') return { ...g, label: `mut:none(${g.label})` };
        const data = muts.reduce(apply, target);
        const frames = g.frames.map((f, j) => (j === i ? { data } : f));
        return { label: `mut:${muts.map((m) => m.m).join('+')}(${g.label})`, frames, valid: false, clients: [] };
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(base, base).map(([a, b]): FuzzGroup => {
        const x = a.frames[0]?.data;
        const y = b.frames[0]?.data;
        if (x === undefined || y === undefined || typeof x === 'string' || typeof y === 'string') return { ...a, label: `mut:none(${a.label})` };
        return { label: `mut:concat(${a.label},${b.label})`, frames: [{ data: concat([x, y]) }], valid: false, clients: [] };
      }),
    },
  );
