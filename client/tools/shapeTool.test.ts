import { describe, expect, it } from 'vitest';
import { dragGeometry } from './shapeTool.ts';

describe('drag-out geometry', () => {
  it('boxes normalise any drag direction; shift makes a square', () => {
    expect(dragGeometry('rect', 100, 100, 40, 160, false)).toEqual({ x: 40, y: 100, w: 60, h: 60 });
    expect(dragGeometry('rect', 100, 100, 150, 120, true)).toEqual({ x: 100, y: 100, w: 50, h: 50 });
    expect(dragGeometry('ellipse', 100, 100, 60, 90, true)).toEqual({ x: 60, y: 60, w: 40, h: 40 });
  });

  it('lines keep their direction; shift snaps to 45° steps', () => {
    expect(dragGeometry('line', 0, 0, -30, 40, false)).toEqual({ x: 0, y: 0, w: -30, h: 40 });
    const flat = dragGeometry('arrow', 0, 0, 100, 12, true);
    expect(flat.h).toBeCloseTo(0);
    expect(flat.w).toBeCloseTo(Math.hypot(100, 12), 1);
    const diag = dragGeometry('line', 0, 0, 100, 80, true);
    expect(diag.w).toBeCloseTo(diag.h, 1);
  });
});
