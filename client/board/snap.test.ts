import { describe, expect, it } from 'vitest';
import { snapMove, snapPoint, snapTargets } from './snap.ts';

const box = (minX: number, minY: number, w: number, h: number) => ({ minX, minY, maxX: minX + w, maxY: minY + h });
const opts = { threshold: 8, grid: null };

describe('snapMove', () => {
  it('pulls the nearest edge onto another shape\u2019s edge, with a guide spanning both', () => {
    const other = box(100, 100, 50, 50);
    const r = snapMove(box(104, 300, 30, 30), snapTargets([other]), opts);
    expect(r.dx).toBe(-4); // left edge 104 onto 100
    expect(r.dy).toBe(0);
    expect(r.guides).toEqual([{ axis: 'x', at: 100, from: 100, to: 330 }]);
  });

  it('aligns centres, and snaps both axes on their own', () => {
    const other = box(0, 0, 100, 100); // centre 50, 50
    const r = snapMove(box(33, 228, 40, 40), snapTargets([other]), opts); // centre x 53, top 228
    expect(r.dx).toBe(-3);
    expect(r.dy).toBe(0);
    const both = snapMove(box(93, 106, 4, 4), snapTargets([other]), opts); // right 97 -> 100, top 106 -> 100
    expect([both.dx, both.dy]).toEqual([3, -6]);
    expect(both.guides.map((g) => g.axis).sort()).toEqual(['x', 'y']);
  });

  it('leaves a box alone beyond the threshold, or snaps its corner to the grid when on', () => {
    const other = box(100, 100, 50, 50);
    expect(snapMove(box(160, 300, 10, 10), snapTargets([other]), opts)).toEqual({ dx: 0, dy: 0, guides: [] });
    const g = snapMove(box(123, 307, 10, 10), snapTargets([other]), { threshold: 1, grid: 20 });
    expect([g.dx, g.dy]).toEqual([-3, -7]);
    expect(g.guides).toEqual([]);
  });

  it('prefers a shape line over the grid on the same axis', () => {
    const r = snapMove(box(102, 309, 10, 10), snapTargets([box(100, 0, 10, 10)]), { threshold: 8, grid: 20 });
    expect(r.dx).toBe(-2); // onto the shape's edges
    expect(r.dy).toBe(-9); // no shape line within 8: the grid (309 -> 300)
  });
});

describe('snapPoint', () => {
  it('snaps only the axes the handle moves along', () => {
    const other = box(200, 200, 100, 100);
    expect(snapPoint({ x: 196, y: 297 }, { x: true, y: false }, snapTargets([other]), opts)).toMatchObject({ x: 200, y: 297 });
    expect(snapPoint({ x: 196, y: 297 }, { x: true, y: true }, snapTargets([other]), opts)).toMatchObject({ x: 200, y: 300 });
    expect(snapPoint({ x: 196, y: 297 }, { x: true, y: true }, snapTargets([other]), opts).guides).toHaveLength(2);
    expect(snapPoint({ x: 150, y: 150 }, { x: true, y: true }, snapTargets([other]), opts)).toEqual({ x: 150, y: 150, guides: [] });
  });
});
