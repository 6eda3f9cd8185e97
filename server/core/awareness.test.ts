import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { soleAuthor } from '../history/checkpoints.ts';
import { applyAwarenessEntries, decodeAwareness } from './awareness.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';

const limits: Limits = { ...DEFAULT_LIMITS, maxFrameBytes: 1 << 20 };

type Entry = { clientID: number; clock: number; json: string };

function encode(entries: readonly Entry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const x of entries) {
    encoding.writeVarUint(e, x.clientID);
    encoding.writeVarUint(e, x.clock);
    encoding.writeVarString(e, x.json);
  }
  return encoding.toUint8Array(e);
}

/** What an Awareness holds and said: states, clocks, and every change/update event. */
function observe(a: awarenessProtocol.Awareness): { events: unknown[]; snapshot: () => unknown } {
  const events: unknown[] = [];
  a.on('change', (c: unknown, origin: unknown) => events.push(['change', c, origin]));
  a.on('update', (c: unknown, origin: unknown) => events.push(['update', c, origin]));
  return {
    events,
    snapshot: () => ({
      states: [...a.getStates()].sort((x, y) => x[0] - y[0]),
      clocks: [...a.meta].map(([id, m]) => [id, m.clock]).sort((x, y) => x[0] - y[0]),
    }),
  };
}

const LOCAL = 1;
const docOf = (clientID: number) => {
  const d = new Y.Doc();
  d.clientID = clientID;
  return d;
};
const states = fc.constantFrom('null', '{}', '{"a":1}', '{"a":2}', '{"user":{"name":"x"},"cursor":{"x":1,"y":2}}', '[1,[2]]', '"s"', '3');
const entry = fc.record({ clientID: fc.integer({ min: 1, max: 4 }), clock: fc.integer({ min: 0, max: 6 }), json: states });

describe('applyAwarenessEntries', () => {
  it('does what y-protocols applyAwarenessUpdate does with the same bytes (states, clocks, events)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(entry, { maxLength: 5 }), { maxLength: 12 }), fc.boolean(), (updates, localState) => {
        // the local id is among those the entries name
        const ours = new awarenessProtocol.Awareness(docOf(LOCAL));
        const theirs = new awarenessProtocol.Awareness(docOf(LOCAL));
        for (const a of [ours, theirs]) a.setLocalState(localState ? { relay: true } : null);
        const o = observe(ours);
        const t = observe(theirs);
        for (const u of updates) {
          const bytes = encode(u);
          applyAwarenessEntries(ours, decodeAwareness(bytes, limits), 'origin');
          awarenessProtocol.applyAwarenessUpdate(theirs, bytes, 'origin');
        }
        expect(o.snapshot()).toEqual(t.snapshot());
        expect(o.events).toEqual(t.events);
        ours.destroy();
        theirs.destroy();
      }),
      { numRuns: 500 },
    );
  });
});

describe('soleAuthor', () => {
  it('names the one client parseUpdateMeta finds, or leaves it to parseUpdateMeta', () => {
    let fast = 0;
    fc.assert(
      fc.property(fc.array(fc.record({ client: fc.integer({ min: 1, max: 3 }), n: fc.integer({ min: 0, max: 3 }), del: fc.boolean() }), { maxLength: 6 }), (steps) => {
        const docs = new Map<number, Y.Doc>();
        const updates: Uint8Array[] = [];
        for (const s of steps) {
          let d = docs.get(s.client);
          if (!d) {
            d = new Y.Doc();
            d.clientID = s.client;
            docs.set(s.client, d);
          }
          const before = Y.encodeStateVector(d);
          d.transact(() => {
            const arr = d.getArray<number>('a');
            for (let i = 0; i < s.n; i++) arr.push([i]);
            if (s.del && arr.length > 0) arr.delete(0, 1);
          });
          updates.push(Y.encodeStateAsUpdate(d, before));
        }
        for (const u of [...updates, ...(updates.length > 1 ? [Y.mergeUpdates(updates)] : [])]) {
          const one = soleAuthor(u);
          // undefined: the caller asks parseUpdateMeta
          if (one !== undefined) {
            fast++;
            expect([...Y.parseUpdateMeta(u).to.keys()]).toEqual([one]);
          }
        }
      }),
      { numRuns: 300 },
    );
    expect(fast).toBeGreaterThan(100);
  });
});
