/**
 * Awareness frames: an editor's own presence coming and going (valid), and hostile
 * ones claiming other editors' client ids, clock 0, null states, huge, deeply nested or
 * broken JSON, and very many entries.
 */
import fc from 'fast-check';
import { awarenessFrame, awarenessUpdate, type AwarenessEntry } from './wire.ts';
import { bigString, jsonValue, logInt, text } from './values.ts';
import { IDS, type ArbOptions, type FuzzGroup } from './types.ts';

/** What the client's presence looks like (shared/schema.ts has the real shape). */
const presence = fc
  .record({
    name: text,
    color: fc.constantFrom('#e03131', '#2f9e44', 'red', 'url(javascript:x)', ''),
    x: fc.double({ noNaN: true, noDefaultInfinity: true }),
    y: fc.integer(),
    tool: fc.constantFrom('pen', 'select', 'laser'),
  })
  .map(({ name, color, x, y, tool }) => JSON.stringify({ user: { name, color }, cursor: { x, y }, tool }));

/** A valid group: a fresh id joins, moves, and maybe leaves (null state at a higher clock). */
const ownPresence: fc.Arbitrary<FuzzGroup> = fc
  .record({ client: fc.integer({ min: IDS.validMin, max: IDS.validMax }), states: fc.array(presence, { minLength: 1, maxLength: 3 }), leave: fc.boolean() })
  .map(({ client, states, leave }) => {
    const frames = states.map((json, i) => ({ data: awarenessFrame(awarenessUpdate([{ client, clock: i + 1, json }])) }));
    if (leave) frames.push({ data: awarenessFrame(awarenessUpdate([{ client, clock: states.length + 1, json: 'null' }])) });
    return { label: `aw:own${leave ? '+leave' : ''}`, frames, valid: true, clients: [client] };
  });

/** '[[[...]]]' or '{"a":{"a":...}}' `depth` deep: JSON.parse copes, the recursive JSON.stringify may not. */
const deepJson = fc
  .record({ depth: logInt(100, 60_000), obj: fc.boolean() })
  .map(({ depth, obj }) => (obj ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth)));

const hostileJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('null') },
  { weight: 2, arbitrary: presence },
  { weight: 2, arbitrary: jsonValue.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: bigString(100_000).map((s) => JSON.stringify({ name: s })) },
  { weight: 2, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom('', '{', 'undefined', 'NaN', '{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"x":1}}}', '"\uD800"', '1e999') },
  { weight: 1, arbitrary: fc.string({ maxLength: 30, unit: 'binary' }) },
);

const clock = fc.oneof(fc.constantFrom(0, 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1), fc.nat({ max: 100 }));

const entry = (victims: readonly number[]): fc.Arbitrary<AwarenessEntry> =>
  fc.record({
    client: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...victims) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: IDS.smallMax }) },
      { weight: 1, arbitrary: fc.constantFrom(2 ** 53 - 1, 2 ** 32) },
    ),
    clock,
    json: hostileJson,
  });

/** Thousands of tiny states in one frame. */
const manyEntries = fc
  .record({ n: logInt(100, 10_000), first: fc.integer({ min: 0, max: IDS.smallMax }) })
  .map(({ n, first }) => Array.from({ length: n }, (_, i): AwarenessEntry => ({ client: first + i, clock: 1, json: '{}' })));

export const awarenessGroup = (opts: ArbOptions): fc.Arbitrary<FuzzGroup> =>
  fc.oneof(
    { weight: 3, arbitrary: ownPresence },
    {
      weight: 5,
      arbitrary: fc.array(fc.array(entry(opts.victims), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }).map((updates) => ({
        label: 'aw:hostile',
        frames: updates.map((entries) => ({ data: awarenessFrame(awarenessUpdate(entries)) })),
        valid: false,
        clients: [],
      })),
    },
    { weight: 1, arbitrary: manyEntries.map((entries) => ({ label: 'aw:many', frames: [{ data: awarenessFrame(awarenessUpdate(entries)) }], valid: false, clients: [] })) },
  );
