import { describe, expect, it } from 'vitest';
import type { Shape } from '../shapes/types.ts';
import { buildReplay } from './replay.ts';

const shape = (id: string, z: string, x = 0): Shape => ({ id, type: 'rect', z, x, y: 0, rotation: 0, author: 'a' }) as Shape;
const ids = (s: Shape[]) => s.map((x) => x.id);

describe('buildReplay', () => {
  it('starts empty, adds new shapes one step each in z order, ends at the last keyframe', () => {
    const r = buildReplay([[shape('b', 'a2'), shape('a', 'a1')], [shape('a', 'a1'), shape('b', 'a2'), shape('c', 'a3')]]);
    expect(r.steps).toBe(3);
    expect(ids(r.at(0))).toEqual([]);
    expect(ids(r.at(1))).toEqual(['a']);
    expect(ids(r.at(2))).toEqual(['a', 'b']);
    expect(ids(r.at(3))).toEqual(['a', 'b', 'c']);
    expect(ids(r.at(99))).toEqual(['a', 'b', 'c']);
  });

  it('shapes deleted or changed between keyframes take their later form', () => {
    const r = buildReplay([[shape('a', 'a1'), shape('b', 'a2')], [shape('a', 'a1', 50), shape('c', 'a3')]]);
    // a, b; then (b gone, a moved) + c
    expect(r.steps).toBe(3);
    expect(ids(r.at(2))).toEqual(['a', 'b']);
    expect(r.at(2)[0].x).toBe(0);
    expect(ids(r.at(3))).toEqual(['a', 'c']);
    expect(r.at(3)[0].x).toBe(50);
  });

  it('a keyframe that only deletes is one step; one that changes nothing is none', () => {
    const a = shape('a', 'a1');
    const r = buildReplay([[a, shape('b', 'a2')], [a, shape('b', 'a2')], [a]]);
    expect(r.steps).toBe(3);
    expect(ids(r.at(3))).toEqual(['a']);
    expect(buildReplay([]).steps).toBe(0);
    expect(buildReplay([]).at(5)).toEqual([]);
  });
});
