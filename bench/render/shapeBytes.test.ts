import { describe, expect, it } from 'vitest';
import { shapeTypes } from '../../client/shapes/registry.ts';
import { measureShapeBytes } from './shapeBytes.ts';

describe('bytes each shape adds (docs/benchmarks.md)', () => {
  it('measures every registered shape type', () => {
    const rows = measureShapeBytes(shapeTypes(), 20);
    expect(rows.map((r) => r.type)).toEqual(shapeTypes());
    for (const r of rows) {
      expect(r.count, `${r.type}: ${r.how}`).toBe(20);
      expect(r.v2, r.type).toBeGreaterThan(20);
      // one shape is a map of a dozen keys: far below a kilobyte
      expect(r.v2, r.type).toBeLessThan(1000);
    }
    const stroke = rows.find((r) => r.type === 'stroke')!;
    expect((stroke.v2 * stroke.count) / stroke.points!).toBeLessThan(4);
  });
});
