import { describe, expect, it } from 'vitest';
import { concatChunks, cursorAtEnd, decodeChunk, decodePoints, encodePoints, hasSimulatedPressure, START_CURSOR } from './points.ts';

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

describe('points codec without pressure (NO_PRESSURE strokes)', () => {
  const mouse = (n: number) => {
    const pts: number[] = [];
    for (let i = 0; i < n; i++) pts.push(i * 3, Math.sin(i / 5) * 20, 0.5);
    return pts;
  };

  it('stores two varints a point and reads pressure back as 0.5 (quantised)', () => {
    const pts = mouse(100);
    const bytes = encodePoints(pts, START_CURSOR, false).bytes;
    expect(bytes.length).toBeLessThanOrEqual(220);
    expect(bytes.length).toBeLessThan(encodePoints(pts).bytes.length * 0.75);
    const back = decodePoints(bytes, [], false);
    expect(back.length).toBe(pts.length);
    for (let i = 0; i < pts.length; i++) expect(Math.abs(back[i] - pts[i])).toBeLessThanOrEqual(i % 3 === 2 ? 1 / 255 : 0.25);
  });

  it('chunks concatenate into one stream, as with pressure', () => {
    const all = mouse(50);
    const chunks: Uint8Array[] = [];
    let cursor = START_CURSOR;
    for (let i = 0; i < all.length; i += 12) {
      const r = encodePoints(all.slice(i, i + 12), cursor, false);
      chunks.push(r.bytes);
      cursor = r.cursor;
    }
    const joined = concatChunks(chunks);
    expect(joined).toEqual(encodePoints(all, START_CURSOR, false).bytes);
    expect(cursorAtEnd(joined, false)).toEqual(cursor);
    const stepwise: number[] = [];
    let c = START_CURSOR;
    for (const chunk of chunks) c = decodeChunk(chunk, stepwise, c, false);
    expect(stepwise).toEqual(decodePoints(joined, [], false));
  });

  it('streams written before the flag (triplets) still decode as before', () => {
    // bytes the original layout wrote for [0,0,0.5, 1,2,0.5, 3,-1,0.6]: (dx, dy, dp) varints
    const legacy = Uint8Array.from([0, 0, 0x80, 0x02, 4, 8, 0, 8, 11, 50]);
    expect(encodePoints([0, 0, 0.5, 1, 2, 0.5, 3, -1, 0.6]).bytes).toEqual(legacy);
    expect(decodePoints(legacy).map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 0, 0.502, 1, 2, 0.502, 3, -1, 0.6]);
  });

  it('reads stored-without-pressure points exactly like old mouse strokes (pressure 128/255)', () => {
    const pts = mouse(5);
    const legacy = decodePoints(encodePoints(pts).bytes);
    expect(decodePoints(encodePoints(pts, START_CURSOR, false).bytes, [], false)).toEqual(legacy);
  });

  it('hasSimulatedPressure tells mouse strokes from pen strokes', () => {
    expect(hasSimulatedPressure(mouse(10))).toBe(true);
    expect(hasSimulatedPressure([0, 0, 0.5, 1, 1, 0.7])).toBe(false);
    expect(hasSimulatedPressure([])).toBe(true);
  });
});
