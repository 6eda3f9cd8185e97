import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as Y from 'yjs';
import { splitUpdate } from './splitUpdate.ts';

const sync = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));

/** Applies the parts one by one, asserting that Yjs never has to hold any of them back. */
function applyParts(target: Y.Doc, parts: Uint8Array[]): void {
  for (const p of parts) {
    Y.applyUpdate(target, p);
    expect(target.store.pendingStructs).toBeNull();
    expect(target.store.pendingDs).toBeNull();
  }
}

const same = (a: Y.Doc, b: Y.Doc) => {
  expect(a.getMap('shapes').toJSON()).toEqual(b.getMap('shapes').toJSON());
  expect(Y.equalSnapshots(Y.snapshot(a), Y.snapshot(b))).toBe(true);
};

type Op = { doc: number; kind: 'set' | 'push' | 'text' | 'delete' | 'sync'; key: number; size: number };

function play(docs: Y.Doc[], ops: Op[]): void {
  for (const op of ops) {
    const doc = docs[op.doc % docs.length]!;
    const shapes = doc.getMap<Y.Map<unknown>>('shapes');
    const id = `s${op.key}`;
    if (op.kind === 'sync') {
      sync(doc, docs[(op.doc + 1) % docs.length]!);
      continue;
    }
    doc.transact(() => {
      let shape = shapes.get(id);
      if (!shape) {
        shape = new Y.Map();
        shape.set('points', new Y.Array<number>());
        shape.set('text', new Y.Text());
        shapes.set(id, shape);
      }
      if (op.kind === 'set') shape.set('x', 'x'.repeat(op.size));
      else if (op.kind === 'push') (shape.get('points') as Y.Array<number>).push(Array.from({ length: op.size }, (_, i) => i));
      else if (op.kind === 'text') (shape.get('text') as Y.Text).insert(0, 'y'.repeat(op.size));
      else {
        const points = shape.get('points') as Y.Array<number>;
        if (points.length > 1) points.delete(0, Math.ceil(points.length / 2));
        else shapes.delete(id);
      }
    });
  }
}

describe('splitUpdate', () => {
  it('returns a small update as it is', () => {
    const doc = new Y.Doc();
    doc.getMap('shapes').set('a', 1);
    const u = Y.encodeStateAsUpdate(doc);
    expect(splitUpdate(u, 1024)).toEqual([u]);
  });

  it('cuts an offline session of two interleaved editors into parts under the limit that apply in order', () => {
    const base = new Y.Doc();
    play([base], [{ doc: 0, kind: 'push', key: 1, size: 50, }]);
    const a = new Y.Doc();
    const c = new Y.Doc();
    sync(base, a);
    sync(base, c);
    const ops: Op[] = [];
    for (let i = 0; i < 300; i++) {
      ops.push({ doc: i % 2, kind: (['set', 'push', 'text', 'delete'] as const)[i % 4]!, key: i % 37, size: 20 + (i % 50) });
      if (i % 7 === 0) ops.push({ doc: i % 2, kind: 'sync', key: 0, size: 0 });
    }
    play([a, c], ops);
    sync(c, a);
    const diff = Y.encodeStateAsUpdate(a, Y.encodeStateVector(base));
    const parts = splitUpdate(diff, 4096);
    expect(parts.length).toBeGreaterThan(diff.length / 4096);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    applyParts(base, parts);
    same(base, a);
  });

  it('sends a struct larger than the limit alone and the rest under the limit', () => {
    const base = new Y.Doc();
    const a = new Y.Doc();
    const shapes = a.getMap('shapes');
    for (let i = 0; i < 100; i++) shapes.set(`k${i}`, 'v'.repeat(100));
    shapes.set('big', new Uint8Array(50_000));
    for (let i = 0; i < 100; i++) shapes.set(`m${i}`, 'w'.repeat(100));
    const parts = splitUpdate(Y.encodeStateAsUpdate(a), 8192);
    expect(parts.filter((p) => p.length > 8192)).toHaveLength(1);
    applyParts(base, parts);
    same(base, a);
  });

  it('cuts a delete set larger than the limit', () => {
    const base = new Y.Doc();
    const a = new Y.Doc();
    const points = a.getArray<number>('points');
    // every other element deleted: one delete range each
    for (let i = 0; i < 3000; i++) a.transact(() => points.push([i]));
    sync(a, base);
    a.transact(() => {
      for (let i = points.length - 1; i >= 0; i -= 2) points.delete(i, 1);
    });
    const diff = Y.encodeStateAsUpdate(a, Y.encodeStateVector(base));
    const parts = splitUpdate(diff, 2048);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2048);
    applyParts(base, parts);
    expect(base.getArray('points').toJSON()).toEqual(points.toJSON());
  });

  it('gives the same document as the whole update, for any session (property)', () => {
    const op = fc.record({
      doc: fc.nat(2),
      kind: fc.constantFrom('set', 'push', 'text', 'delete', 'sync'),
      key: fc.nat(8),
      size: fc.integer({ min: 1, max: 300 }),
    }) as fc.Arbitrary<Op>;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), fc.array(op, { maxLength: 60 }), fc.integer({ min: 256, max: 4096 }), (before, offline, limit) => {
        const docs = [new Y.Doc(), new Y.Doc(), new Y.Doc()];
        play(docs, before);
        const relay = new Y.Doc();
        for (const d of docs) sync(d, relay);
        for (const d of docs) sync(relay, d);
        play(docs, offline);
        for (const d of docs.slice(1)) sync(d, docs[0]!);
        const diff = Y.encodeStateAsUpdate(docs[0]!, Y.encodeStateVector(relay));
        applyParts(relay, splitUpdate(diff, limit));
        same(relay, docs[0]!);
      }),
      { numRuns: 150 },
    );
  });
});
