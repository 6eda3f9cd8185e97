import { describe, expect, it } from 'vitest';
import { concatChunks, decodePoints, encodePoints, START_CURSOR } from './points.ts';

describe('points codec', () => {
  it('round-trips points at 1/2 px and 1/255 pressure precision', () => {
    const pts = [0, 0, 0.5, 3.5, -2, 0.6, 10.25, 7.75, 1, -4, 1e6, 0];
    const back = decodePoints(encodePoints(pts).bytes);
    expect(back.length).toBe(pts.length);
    for (let i = 0; i < pts.length; i++) {
      const tol = i % 3 === 2 ? 1 / 255 : 0.25;
      expect(Math.abs(back[i] - pts[i])).toBeLessThanOrEqual(tol);
    }
  });

  it('handles negative and very large deltas exactly', () => {
    const pts = [-123456.5, 987654.5, 0, 2 ** 40, -(2 ** 40), 1, -(2 ** 40), 2 ** 40, 0];
    expect(decodePoints(encodePoints(pts).bytes)).toEqual(pts);
  });

  it('chunks encoded with the carried cursor concatenate into one stream', () => {
    const all: number[] = [];
    for (let i = 0; i < 90; i++) all.push(i * 1.5, Math.sin(i) * 40, (i % 10) / 10);
    const chunks: Uint8Array[] = [];
    let cursor = START_CURSOR;
    for (let i = 0; i < all.length; i += 21) {
      const r = encodePoints(all.slice(i, i + 21), cursor);
      chunks.push(r.bytes);
      cursor = r.cursor;
    }
    const joined = concatChunks(chunks);
    expect(joined).toEqual(encodePoints(all).bytes);
    expect(decodePoints(joined)).toEqual(decodePoints(encodePoints(all).bytes));
  });

  it('costs about 3 bytes per point for pen-like motion', () => {
    const pts: number[] = [];
    for (let i = 0; i < 100; i++) pts.push(i * 3, Math.sin(i / 5) * 20, 0.5 + Math.sin(i / 7) * 0.2);
    expect(encodePoints(pts).bytes.length).toBeLessThanOrEqual(330);
  });

  it('decodes an empty stream to no points', () => {
    expect(decodePoints(new Uint8Array())).toEqual([]);
  });
});
