import { describe, expect, it } from 'vitest';
import { MAX_PREVIEWS, previewFor, previewSizesFor, roomFilePath, safePreviews } from './imageFiles.ts';

const sha = (c: string) => c.repeat(64);

describe('image previews', () => {
  it('are made only at the sizes smaller than the file', () => {
    expect(previewSizesFor(4000, 3000)).toEqual([256, 512, 1024]);
    expect(previewSizesFor(600, 1200)).toEqual([256, 512, 1024]);
    expect(previewSizesFor(1024, 700)).toEqual([256, 512]);
    expect(previewSizesFor(800, 600)).toEqual([256, 512]);
    expect(previewSizesFor(300, 200)).toEqual([256]);
    expect(previewSizesFor(256, 256)).toEqual([]);
    expect(previewSizesFor(100, 80)).toEqual([]);
  });

  it('the smallest at least the size drawn is read, else none (the original)', () => {
    const p = [
      { size: 256, file: sha('a') },
      { size: 1024, file: sha('b') },
    ];
    expect(previewFor(p, 100)?.file).toBe(sha('a'));
    expect(previewFor(p, 256)?.file).toBe(sha('a'));
    expect(previewFor(p, 512)?.file).toBe(sha('b'));
    expect(previewFor(p, 1025)).toBeNull();
    expect(previewFor([], 10)).toBeNull();
  });

  it('from a hostile document keep only whole sizes under the file, 64-hex hashes, one per size, a few at most', () => {
    const bad = [
      [256, 'https://evil.example/x.png'],
      [256, `../../${sha('a')}`],
      [256, sha('A')],
      [1.5, sha('a')],
      [-1, sha('a')],
      [4000, sha('a')], // not smaller than the file
      [Infinity, sha('a')],
      ['256', sha('a')],
      null,
      'x',
    ];
    for (const b of bad) expect(safePreviews([b], 4000)).toEqual([]);
    const forged = [[1024, sha('b')], [1024, sha('c')], bad[0], [256, sha('d')]];
    expect(safePreviews(forged, 4000)).toEqual([
      { size: 256, file: sha('d') },
      { size: 1024, file: sha('b') },
    ]);
    for (const v of [null, undefined, 'x', 42, { size: 256, file: sha('a') }]) expect(safePreviews(v, 4000)).toEqual([]);
    // JSON's { size, file } reads the same as the document's [size, file]
    expect(safePreviews([{ size: 256, file: sha('e') }], 4000)).toEqual([{ size: 256, file: sha('e') }]);
    // a long list is cut before it is read
    const many = Array.from({ length: 50 }, (_, i) => [i + 1, sha('f')]);
    expect(safePreviews(many, 4000)).toHaveLength(MAX_PREVIEWS);
    // whatever they name, the URL is the room's file path of a checked hash
    for (const p of safePreviews(forged, 4000)) expect(roomFilePath('R', p.file)).toMatch(/^\/api\/rooms\/R\/files\/[0-9a-f]{64}$/);
  });
});
