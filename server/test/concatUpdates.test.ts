import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyUpdateSpan, concatUpdates, type StructSpan } from '../core/concatUpdates.ts';

/** Deterministic PRNG (mulberry32), so a failing seed can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REMOTE = Symbol('remote');
const TEXTS = ['a', 'hé', 'ünï', '中文', '✏️', '😀👍🏽', 'x'.repeat(150), 'ab😀cd'];

/** Several editors; every local transaction's update lands in `log`, in causal order. */
class Editors {
  readonly docs: Y.Doc[] = [];
  readonly log: Uint8Array[] = [];
  private strokes = 0;

  constructor(private readonly rnd: () => number, count: number) {
    for (let i = 0; i < count; i++) {
      const doc = new Y.Doc();
      // real client ids are random 32-bit numbers: 5-byte varints; a small one too
      doc.clientID = i === 0 ? 7 : Math.floor(rnd() * 0xffffffff);
      doc.on('update', (u: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.log.push(u);
      });
      this.docs.push(doc);
    }
  }

  /** Lets one editor catch up on everything so far, so later edits build on others' items. */
  sync(doc: Y.Doc): void {
    Y.applyUpdate(doc, Y.mergeUpdates(this.log), REMOTE);
  }

  edit(doc: Y.Doc): void {
    const r = this.rnd;
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const map = doc.getMap<unknown>('m');
    const text = doc.getText('t');
    const strokes = doc.getMap<Y.Array<unknown>>('strokes');
    const mine = [...strokes.entries()].filter(([k]) => k.startsWith(`${doc.clientID}-`));
    const op = Math.floor(r() * 9);
    if (op === 0) map.set(pick(['x', 'y', 'color', 'z']), pick<unknown>([r(), pick(TEXTS), randomChunk(r), null]));
    else if (op === 1 && map.size > 0) map.delete(pick([...map.keys()]));
    else if (op === 2) text.insert(Math.floor(r() * (text.length + 1)), pick(TEXTS));
    else if (op === 3 && text.length > 0) {
      const at = Math.floor(r() * text.length);
      text.delete(at, 1 + Math.floor(r() * Math.min(160, text.length - at)));
    } else if (op === 4 || mine.length === 0) {
      const pts = new Y.Array<unknown>();
      pts.push([randomChunk(r)]);
      strokes.set(`${doc.clientID}-${this.strokes++}`, pts);
    } else if (op === 5 && mine.length > 0) {
      // finishing a stroke: its chunks joined into one, in one transaction (inserts and deletes)
      const pts = pick(mine)[1];
      doc.transact(() => {
        const all = pts.toArray();
        pts.delete(0, pts.length);
        pts.push([all.length, ...all.slice(0, 2)]);
      });
    } else if (op === 6 && mine.length > 0) {
      const pts = pick(mine)[1];
      if (pts.length > 0) pts.delete(Math.floor(r() * pts.length), 1);
    } else {
      // the common case: a writer appends points to its stroke, several updates in a row
      const pts = pick(mine)[1];
      const n = 1 + Math.floor(r() * 3);
      for (let i = 0; i < n; i++) pts.push(r() < 0.7 ? [randomChunk(r)] : [Math.floor(r() * 1e6), r()]);
    }
  }
}

function randomChunk(r: () => number): Uint8Array {
  const chunk = new Uint8Array(4 + Math.floor(r() * 40));
  for (let i = 0; i < chunk.length; i++) chunk[i] = Math.floor(r() * 256);
  return chunk;
}

function docFrom(...updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

function view(doc: Y.Doc) {
  return {
    sv: Y.encodeStateVector(doc),
    json: { m: doc.getMap('m').toJSON(), t: doc.getText('t').toString(), strokes: doc.getMap('strokes').toJSON() },
    state: Y.encodeStateAsUpdate(doc),
    pending: doc.store.pendingStructs !== null,
    pendingDs: doc.store.pendingDs !== null,
  };
}

/** What the room does with a batch: apply each update and keep the span it learns. */
function relay(prior: Uint8Array, batch: readonly Uint8Array[]): { room: Y.Doc; spans: (StructSpan | null)[] } {
  const room = docFrom(prior);
  const spans = batch.map((u) => {
    if (u[0] !== 0) return applyUpdateSpan(room, u, null);
    Y.applyUpdate(room, u);
    return null;
  });
  return { room, spans };
}

/**
 * The fast path's result against the reference: on a doc holding the room's prior
 * state, the same as the batch applied one by one (and as the room itself); on a fresh
 * doc, the same as Y.mergeUpdates of the batch; and both stay equal after catching up
 * with everything.
 */
function expectEquivalent(fast: Uint8Array, prior: Uint8Array, batch: readonly Uint8Array[], room: Y.Doc, everything: Uint8Array): void {
  expect(() => Y.decodeUpdate(fast)).not.toThrow();
  const oneByOne = docFrom(prior, ...batch);
  const concatenated = docFrom(prior, fast);
  expect(view(concatenated)).toEqual(view(oneByOne));
  expect(view(concatenated).state).toEqual(view(room).state);

  const merged = docFrom(Y.mergeUpdates([...batch]));
  const fresh = docFrom(fast);
  expect(view(fresh).json).toEqual(view(merged).json);
  expect(view(fresh).sv).toEqual(view(merged).sv);
  expect(view(fresh).pending).toEqual(view(merged).pending);
  for (const doc of [oneByOne, concatenated, merged, fresh]) Y.applyUpdate(doc, everything);
  const all = view(oneByOne);
  expect(all.pending).toBe(false);
  for (const doc of [concatenated, merged, fresh]) expect(view(doc)).toEqual(all);
}

describe('concatUpdates: merging v1 updates by copying bytes', () => {
  it('randomized batches of real edits: whenever it concatenates, the result equals applying the batch (and Y.mergeUpdates)', () => {
    let concatenated = 0;
    let fellBack = 0;
    let withDeletes = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = prng(seed);
      const editors = new Editors(r, 2 + Math.floor(r() * 4));
      for (let step = 0; step < 30 + r() * 40; step++) {
        const doc = editors.docs[Math.floor(r() * editors.docs.length)];
        if (r() < 0.15) editors.sync(doc);
        editors.edit(doc);
      }
      const log = editors.log;
      const k = Math.floor(log.length * (0.3 + r() * 0.5));
      const prior = Y.mergeUpdates(log.slice(0, k));
      let batch = log.slice(k, k + 2 + Math.floor(r() * 38));
      const variant = r();
      if (variant < 0.1 && batch.length > 2) {
        // non-contiguous: an update missing from the middle
        batch = batch.filter((_, i) => i !== 1);
      } else if (variant < 0.2 && k > 0) {
        // something the room already had, again
        batch.splice(Math.floor(r() * batch.length), 0, log[Math.floor(r() * k)]);
      } else if (variant < 0.3) {
        // one editor's sync step 2 against an older state: overlaps what the room has
        const doc = editors.docs[Math.floor(r() * editors.docs.length)];
        batch.splice(Math.floor(r() * batch.length), 0, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(docFrom(...log.slice(0, Math.floor(k / 2))))));
      } else if (variant < 0.35 && batch.length > 2) {
        // two updates already merged by someone (several structs, maybe several clients)
        batch.splice(0, 2, Y.mergeUpdates(batch.slice(0, 2)));
      } else if (variant < 0.4) {
        // a delete set alone, as in a sync step 2 with nothing new
        const doc = editors.docs[Math.floor(r() * editors.docs.length)];
        batch.push(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc)));
      }
      const { room, spans } = relay(prior, batch);
      const fast = concatUpdates(batch, spans);
      if (fast === null) {
        fellBack++;
        continue;
      }
      concatenated++;
      if (batch.some((u) => u[u.length - 1] !== 0)) withDeletes++;
      expectEquivalent(fast, prior, batch, room, Y.mergeUpdates(log));
    }
    // both paths are exercised, deletions included
    expect(concatenated).toBeGreaterThan(100);
    expect(withDeletes).toBeGreaterThan(30);
    expect(fellBack).toBeGreaterThan(20);
  });

  it('takes the fast path for the common flush: writers appending to their strokes, one of them twice in a row', () => {
    const r = prng(42);
    const editors = new Editors(r, 20);
    for (const doc of editors.docs) doc.getMap('strokes').set(`${doc.clientID}`, new Y.Array());
    const prior = Y.mergeUpdates(editors.log);
    const k = editors.log.length;
    const append = (doc: Y.Doc) => doc.getMap<Y.Array<Uint8Array>>('strokes').get(`${doc.clientID}`)!.push([randomChunk(r)]);
    for (const doc of editors.docs.slice(0, 12)) append(doc);
    append(editors.docs[11]);
    append(editors.docs[11]);
    append(editors.docs[3]);
    const batch = editors.log.slice(k);
    expect(batch).toHaveLength(15);
    const { room, spans } = relay(prior, batch);
    expect(spans.every((s) => s !== null)).toBe(true);
    const fast = concatUpdates(batch, spans);
    expect(fast).not.toBeNull();
    // one run per client: 12 clients, the three extra appends joined to their writers' runs
    expect(fast![0]).toBe(12);
    expect(fast![fast!.length - 1]).toBe(0);
    expectEquivalent(fast!, prior, batch, room, Y.mergeUpdates(editors.log));
  });

  it('writes clients in descending order, as Yjs does: concatenated updates merged again by Y.mergeUpdates (another relay of a cluster) keep everything', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.clientID = 100;
    b.clientID = 200;
    const room = new Y.Doc();
    const flushes: Uint8Array[] = [];
    const flush = (writers: Y.Doc[]) => {
      const batch: Uint8Array[] = [];
      const spans: (StructSpan | null)[] = [];
      for (const doc of writers) {
        const got: Uint8Array[] = [];
        const onUpdate = (u: Uint8Array) => got.push(u);
        doc.on('update', onUpdate);
        doc.getArray('x').push([doc.clientID]);
        doc.off('update', onUpdate);
        batch.push(got[0]);
        spans.push(applyUpdateSpan(room, got[0], null));
      }
      const fast = concatUpdates(batch, spans);
      expect(fast).not.toBeNull();
      flushes.push(fast!);
    };
    // the lower client id first, as a flush may have them
    flush([a, b]);
    flush([a, b]);
    flush([b]);
    flush([a]);
    expect(Y.decodeUpdate(flushes[0]).structs.map((s) => s.id.client)).toEqual([200, 100]);
    const merged = docFrom(Y.mergeUpdates(flushes));
    expect(merged.store.pendingStructs).toBeNull();
    expect(merged.getArray('x').length).toBe(6);
    expect(Y.encodeStateVector(merged)).toEqual(Y.encodeStateVector(room));
  });

  it('joins one client deleting in two updates of a batch into one sorted entry', () => {
    const doc = new Y.Doc();
    doc.clientID = 1234567;
    const text = doc.getText('t');
    text.insert(0, 'x'.repeat(300));
    const prior = Y.encodeStateAsUpdate(doc);
    const batch: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => batch.push(u));
    text.delete(200, 50); // clocks above 127: multi-byte varints
    text.delete(10, 5);
    text.delete(195, 3); // clocks 250-252: adjoins the first range
    expect(batch.every((u) => u[0] === 0)).toBe(true);
    const { room, spans } = relay(prior, batch);
    const fast = concatUpdates(batch, spans)!;
    expect(fast).not.toBeNull();
    const ds = Y.decodeUpdate(fast).ds.clients.get(1234567)!;
    expect(ds.map((d) => [d.clock, d.len])).toEqual([
      [10, 5],
      [200, 53],
    ]);
    expectEquivalent(fast, prior, batch, room, Y.encodeStateAsUpdate(doc));
    // a receiver that has none of the text yet keeps the deletions pending, then applies them
    const late = docFrom(fast, prior);
    expect(late.getText('t').toString()).toBe(text.toString());
  });

  it('gives no span for bytes Yjs accepts but whose layout the last byte would misstate', () => {
    const doc = new Y.Doc();
    doc.clientID = 7;
    const ups: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => ups.push(u));
    doc.getArray('a').push([new Uint8Array([1, 2, 0x80])]); // ends in 0x80, then the empty delete set
    doc.getArray('a').push([new Uint8Array([3])]);
    const [u, next] = ups;
    const structs = u.subarray(0, u.length - 1);
    // as Yjs wrote it: found, though the run's last byte looks like part of a varint
    expect(applyUpdateSpan(new Y.Doc(), u, null)).toEqual({ client: 7, clock: 0, end: 1, dsStart: u.length - 1 });
    const crafted = {
      // bytes after the delete set: Yjs ignores them
      trailing: new Uint8Array([...u, 5, 0]),
      // an empty delete set written as an overlong varint (0x80 0x00)
      overlongEmpty: new Uint8Array([...structs, 0x80, 0]),
    };
    for (const [name, bytes] of Object.entries(crafted)) {
      expect(() => Y.decodeUpdate(bytes), name).not.toThrow();
      expect(applyUpdateSpan(new Y.Doc(), bytes, null), name).toBeNull();
    }
    // a delete-set entry with no ranges also ends in 0, yet its layout is found exactly
    const zeroRanges = new Uint8Array([...structs, 1, 9, 0]);
    const span = applyUpdateSpan(new Y.Doc(), zeroRanges, null);
    expect(span).toEqual({ client: 7, clock: 0, end: 1, dsStart: structs.length });
    // an empty range (which Yjs never writes) is left to Y.mergeUpdates
    const emptyRange = new Uint8Array([...structs, 1, 7, 1, 0, 0]);
    expect(concatUpdates([emptyRange], [applyUpdateSpan(new Y.Doc(), emptyRange, null)])).toBeNull();

    const room = new Y.Doc();
    const spans = [applyUpdateSpan(room, zeroRanges, null), applyUpdateSpan(room, next, null)];
    const fast = concatUpdates([zeroRanges, next], spans)!;
    expect(fast).not.toBeNull();
    expectEquivalent(fast, Y.encodeStateAsUpdate(new Y.Doc()), [zeroRanges, next], room, Y.encodeStateAsUpdate(doc));
  });

  it('gives no span when the doc did not take the whole run: overlap, pending structs, a trailing Skip', () => {
    const a = new Y.Doc();
    a.clientID = 5;
    const ups: Uint8Array[] = [];
    a.on('update', (u: Uint8Array) => ups.push(u));
    const arr = a.getArray<number>('a');
    for (let i = 0; i < 3; i++) arr.push([i]);
    const room = new Y.Doc();
    expect(applyUpdateSpan(room, ups[0], null)).toMatchObject({ client: 5, clock: 0, end: 1 });
    expect(applyUpdateSpan(room, ups[0], null)).toBeNull(); // again: the room had it
    expect(applyUpdateSpan(room, ups[2], null)).toBeNull(); // ups[1] missing: pending
    expect(applyUpdateSpan(room, ups[1], null)).toBeNull(); // resolves the pending one
    // a run ending in a Skip (Yjs accepts it, applies nothing for it): the doc's clock stops before the run's end
    const u = ups[0];
    expect([...u.subarray(0, 4)]).toEqual([1, 1, 5, 0]);
    const trailingSkip = new Uint8Array([1, 2, 5, 0, ...u.subarray(4, u.length - 1), 10, 1, 0]);
    expect(Y.decodeUpdate(trailingSkip).structs.at(-1)).toBeInstanceOf(Y.Skip);
    expect(applyUpdateSpan(new Y.Doc(), trailingSkip, null)).toBeNull();
  });
});
