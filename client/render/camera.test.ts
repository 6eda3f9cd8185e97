import { describe, expect, it } from 'vitest';
import { Camera, MAX_SCALE, MIN_SCALE } from './camera.ts';

describe('camera', () => {
  it('maps screen to board and back', () => {
    const c = new Camera();
    c.set({ x: 100, y: -50, scale: 2 });
    expect(c.toBoard(300, 150)).toEqual({ x: 100, y: 100 });
    expect(c.toScreen(100, 100)).toEqual({ x: 300, y: 150 });
  });

  it('zooms around the pointer: the board point under it stays put', () => {
    const c = new Camera();
    c.panBy(40, 25);
    const before = c.toBoard(500, 300);
    c.zoomBy(1.7, 500, 300);
    const after = c.toBoard(500, 300);
    expect(after.x).toBeCloseTo(before.x);
    expect(after.y).toBeCloseTo(before.y);
  });

  it('clamps the scale to 0.1..8', () => {
    const c = new Camera();
    c.zoomBy(1000, 0, 0);
    expect(c.scale).toBe(MAX_SCALE);
    c.zoomBy(1e-6, 0, 0);
    expect(c.scale).toBe(MIN_SCALE);
  });
});
