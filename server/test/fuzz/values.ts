/** Leaf values for documents and awareness states: ordinary ones and the extremes. */
import fc from 'fast-check';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * An integer in [min, max], log-uniform: as many sizes around 100 as around 100,000, so
 * most frames stay small and the large ones still come (and shrink towards min).
 */
export const logInt = (min: number, max: number): fc.Arbitrary<number> => {
  const steps = Math.ceil(Math.log2(max - min + 1) * 64);
  return fc.integer({ min: 0, max: steps }).map((x) => Math.min(max, min + Math.floor(2 ** (x / 64)) - 1));
};

/** A long string without generating it char by char (fast-check would take seconds). */
export const bigString = (maxChars: number): fc.Arbitrary<string> =>
  fc.tuple(fc.string({ minLength: 1, maxLength: 4, unit: 'binary' }), logInt(1, Math.max(1, Math.floor(maxChars / 4)))).map(([s, n]) => s.repeat(n));

/** Short text as people type it, and any code point (lone surrogates too: Yjs counts UTF-16 units). */
export const text: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('\u{1F600}', '\uD800', '\uDFFF', 'a\u0000b', '\u202E', ''),
);

export const jsonValue: fc.Arbitrary<Json> = fc.jsonValue({ maxDepth: 3 }).map((v) => v as Json);

/** What goes into Y.Map / Y.Array as ContentAny: JSON, binary, bigint, undefined, large strings, nesting. */
export type AnyValue = Json | Uint8Array | bigint | undefined;

/**
 * What an honest editor puts into Y.Map / Y.Array (ContentAny): JSON nested a few levels,
 * binary, odd numbers, large strings. `deep` adds nesting far past any sane limit (the
 * relay documents a JSON depth limit: such values are hostile).
 */
const anyValueOf = (deep: boolean): fc.Arbitrary<AnyValue> =>
  fc.oneof(
    { weight: 6, arbitrary: jsonValue },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
    { weight: 1, arbitrary: fc.constantFrom<AnyValue>(undefined, NaN, -0, Infinity, 2 ** 53, -(2 ** 31) - 1) },
    { weight: 1, arbitrary: bigString(60_000) },
    { weight: 1, arbitrary: deep ? logInt(1, 500).map(nestArrays) : fc.integer({ min: 1, max: 8 }).map(nestArrays) },
  );

export const honestValue = anyValueOf(false);
export const anyValue = anyValueOf(true);

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
