import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { foldDoc } from '../compaction/fold.ts';
import { ThreadCompactor } from '../compaction/threadCompactor.ts';

/** A snapshot (v2) and a log of v1 updates after it, as a room stores them, and the doc they make. */
function storedBoard() {
  const doc = new Y.Doc();
  const shapes = doc.getMap<Y.Map<unknown>>('shapes');
  for (let i = 0; i < 50; i++) {
    const m = new Y.Map<unknown>();
    m.set('type', 'stroke');
    m.set('pts', new Y.Array<Uint8Array>());
    shapes.set(`s${i}`, m);
  }
  const snapshot = Y.encodeStateAsUpdateV2(doc);
  const updates: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => updates.push(u));
  for (let i = 0; i < 300; i++) (shapes.get(`s${i % 50}`)!.get('pts') as Y.Array<Uint8Array>).push([new Uint8Array([i & 255, 1, 2])]);
  for (let i = 0; i < 10; i++) shapes.delete(`s${i}`);
  return { doc, snapshot, updates };
}

function sameDoc(folded: Uint8Array, expected: Y.Doc) {
  const d = new Y.Doc();
  Y.applyUpdateV2(d, folded);
  expect(d.getMap('shapes').toJSON()).toEqual(expected.getMap('shapes').toJSON());
  expect(Y.encodeStateVector(d)).toEqual(Y.encodeStateVector(expected));
}

describe('compaction folds a snapshot and its log', () => {
  it('into the document they describe, smaller than the parts', () => {
    const { doc, snapshot, updates } = storedBoard();
    const folded = foldDoc(snapshot, updates);
    sameDoc(folded, doc);
    expect(folded.length).toBeLessThan(snapshot.length + updates.reduce((n, u) => n + u.length, 0));
  });

  const thread = new ThreadCompactor(new URL('../compaction/worker.ts', import.meta.url));
  afterAll(() => thread.close());

  it('on a worker thread, one fold after another', async () => {
    expect(thread.where).toBe('thread');
    const a = storedBoard();
    const b = storedBoard();
    const [fa, fb] = await Promise.all([thread.fold(a.snapshot, a.updates), thread.fold(b.snapshot, b.updates)]);
    sameDoc(fa, a.doc);
    sameDoc(fb, b.doc);
  });

  it('skips an update Yjs cannot read (as a room does on load), and the thread keeps working', async () => {
    const empty = await thread.fold(null, [new Uint8Array([1, 200, 7])]);
    const d = new Y.Doc();
    Y.applyUpdateV2(d, empty);
    expect(d.share.size).toBe(0);
    const a = storedBoard();
    sameDoc(await thread.fold(a.snapshot, a.updates), a.doc);
    expect(thread.where).toBe('thread');
  });

  it('stops an idle thread (its memory goes back) and starts a new one for the next fold', async () => {
    const idle = new ThreadCompactor(new URL('../compaction/worker.ts', import.meta.url), 200);
    try {
      const a = storedBoard();
      sameDoc(await idle.fold(a.snapshot, a.updates), a.doc);
      expect(idle.running).toBe(true);
      const until = Date.now() + 10_000;
      while (idle.running && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      expect(idle.running).toBe(false);
      const b = storedBoard();
      sameDoc(await idle.fold(b.snapshot, b.updates), b.doc);
      expect(idle.where).toBe('thread');
    } finally {
      await idle.close();
    }
  });

  it('folds on the event loop when the thread cannot run, and says so', async () => {
    const missing = new ThreadCompactor(new URL('../compaction/no-such-worker.js', import.meta.url));
    try {
      const a = storedBoard();
      // the first fold is lost with the thread (its room logs it and compacts later)
      await expect(missing.fold(a.snapshot, a.updates)).rejects.toThrow();
      expect(missing.where).toBe('inline');
      const b = storedBoard();
      sameDoc(await missing.fold(b.snapshot, b.updates), b.doc);
    } finally {
      await missing.close();
    }
  });
});
