import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MEASURE_FROM_BYTES, measureInsert, planInsert } from './changeSize.ts';
import type { ShapeJSON } from './format.ts';
import { insertShapes } from './serialize.ts';
import { shapesMap } from './strokes.ts';

const note = (i: number, chars: number): ShapeJSON => ({ type: 'sticky', x: i, y: 0, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text: `${i} ${'x'.repeat(chars)}` });
const notes = (n: number, chars: number) => Array.from({ length: n }, (_, i) => note(i, chars));
const MB = 1024 * 1024;

describe('sizing a large insert before it is made (changeSize.ts)', () => {
  it('leaves small inserts alone, and anything when the relay named no limits', () => {
    const doc = new Y.Doc();
    const few = notes(3, 100);
    expect(planInsert(doc, few, { maxDocBytes: 2048, maxFrameBytes: 2048 })).toEqual({ ok: true, batches: [few] });
    const many = notes(100, 10_000);
    expect(planInsert(doc, many, { maxDocBytes: null, maxFrameBytes: null })).toEqual({ ok: true, batches: [many] });
  });

  it('refuses an insert that would take the board past maxDocBytes, counting what the board holds', () => {
    const doc = new Y.Doc();
    const change = notes(300, 10_000); // ~3 MB
    const bytes = measureInsert(change);
    expect(bytes).toBeGreaterThan(3_000_000);
    const plan = planInsert(doc, change, { maxDocBytes: 2 * MB, maxFrameBytes: 32 * MB });
    expect(plan).toMatchObject({ ok: false, bytes, docBytes: expect.any(Number) });
    expect(shapesMap(doc).size).toBe(0); // nothing was made
    // fits on its own, but not on a board that already holds 1.5 MB
    const half = notes(150, 10_000);
    expect(planInsert(doc, half, { maxDocBytes: 2 * MB, maxFrameBytes: 32 * MB }).ok).toBe(true);
    insertShapes(doc, half, { author: 'a' });
    expect(planInsert(doc, half, { maxDocBytes: 2 * MB, maxFrameBytes: 32 * MB }).ok).toBe(false);
  });

  it('splits an insert larger than a frame into runs that each fit, keeping the order', () => {
    const doc = new Y.Doc();
    const change = notes(400, 10_000); // ~4 MB against a 1 MB frame
    expect(change.length * 10_000).toBeGreaterThan(MEASURE_FROM_BYTES);
    const plan = planInsert(doc, change, { maxDocBytes: 64 * MB, maxFrameBytes: MB });
    if (!plan.ok) throw new Error('expected a plan');
    expect(plan.batches.length).toBeGreaterThanOrEqual(8);
    expect(plan.batches.flat()).toEqual(change);
    const frames: number[] = [];
    doc.on('update', (u: Uint8Array) => frames.push(u.length));
    for (const b of plan.batches) insertShapes(doc, b, { author: 'a' });
    expect(frames.length).toBe(plan.batches.length);
    expect(Math.max(...frames)).toBeLessThan(MB);
  });
});
