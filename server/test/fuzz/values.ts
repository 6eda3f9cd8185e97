/** Leaf values for documents and awareness states: ordinary ones and the extremes. */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A long string without generating it char by char (fast-check would take seconds). */
export const bigString = (maxChars: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 4, unit: 'binary' }), fc.integer({ min: 1, max: Math.max(1, Math.floor(maxChars / 4)) }))
    .map(([s, n]) => s.repeat(n));

/** Short text as people type it, and any code point (lone surrogates too: Yjs counts UTF-16 units). */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('\u{1F600}', '\uD800', '\uDFFF', 'a\u0000b', '\u202E', ''),
);

export const jsonValue: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json);

/** What goes into Y.Map / Y.Array as ContentAny: JSON, binary, bigint, undefined, large strings, nesting. */
export type AnyValue = Json | Uint8Array | bigint | undefined;

export const anyValue: fc.Arbitrary<AnyValue> = fc.oneof(
  { weight: 6, arbitrary: jsonValue },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }) },
  { weight: 1, arbitrary: fc.constantFrom<AnyValue>(undefined, NaN, -0, Infinity, 2 ** 53, -(2 ** 31) - 1) },
  { weight: 1, arbitrary: bigString(60_000) },
  // nested JSON as deep as lib0's recursive encoder safely goes here (deeper: see wire.deepAny)
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 500 }).map(nestArrays) },
);

/** [[[...null...]]] `depth` deep, built without recursion. */
export function nestArrays(depth: number): Json {
  let v: Json = null;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Y.Text formatting attributes, including removal (null) and odd values. */
export const attrs: fc.Arbitrary<Record<string, Json>> = fc.oneof(
  fc.constantFrom<Record<string, Json>>({ bold: true }, { bold: null }, { italic: true, color: '#ff0000' }, { link: { href: 'https://x' } }),
  fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 3 }),
);
