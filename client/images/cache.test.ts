import { afterEach, describe, expect, it, vi } from 'vitest';
import { DECODED_PIXELS_BUDGET, heldPixels, imageSource, levelFor, onImageReady, setFileSource } from './cache.ts';

const sha = (c: string) => c.repeat(64);

describe('image levels of detail', () => {
  it('decodes the smallest copy at least as large as drawn, the whole file past the largest or past the file', () => {
    expect(levelFor(100, 5000)).toBe(256);
    expect(levelFor(256, 5000)).toBe(256);
    expect(levelFor(300, 5000)).toBe(512);
    expect(levelFor(600, 5000)).toBe(1024);
    expect(levelFor(3000, 5000)).toBe(4096);
    expect(levelFor(4500, 5000)).toBe(0);
    // a small file is decoded whole: no copy larger than it
    expect(levelFor(100, 200)).toBe(0);
    expect(levelFor(300, 800)).toBe(512);
    expect(levelFor(600, 800)).toBe(0);
  });
});

describe('the image cache', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('draws a downscaled copy when zoomed out, the whole file when zoomed in, and keeps decoded pixels within the budget', async () => {
    let now = 0;
    vi.stubGlobal('performance', { now: () => now });
    const fetched: string[] = [];
    const closed: number[] = [];
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url);
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/png' } });
    });
    // a 4000 × 3000 photo
    vi.stubGlobal('createImageBitmap', async (_b: Blob, o: ImageBitmapOptions = {}) => {
      const width = o.resizeWidth ?? 4000;
      const height = o.resizeWidth ? Math.round((o.resizeWidth * 3) / 4) : 3000;
      return { width, height, close: () => closed.push(width) } as unknown as ImageBitmap;
    });
    setFileSource((s) => `/api/rooms/R/files/${s}`);
    const natural = { w: 4000, h: 3000 };
    const arrived = (s: string) => new Promise<void>((resolve) => { const off = onImageReady((x) => x === s && (off(), resolve())); });

    const a = sha('a');
    let wait = arrived(a);
    expect(imageSource(a, 120, natural)).toBeNull();
    await wait;
    expect(imageSource(a, 120, natural)?.width).toBe(256);
    expect(fetched).toEqual([`/api/rooms/R/files/${a}`]);
    // zoomed in: the 256 px copy is drawn (better than nothing) until the whole file is decoded
    wait = arrived(a);
    expect(imageSource(a, 5000, natural)?.width).toBe(256);
    await wait;
    expect(imageSource(a, 5000, natural)?.width).toBe(4000);
    // zoomed out again: the small copy, not the whole one
    expect(imageSource(a, 120, natural)?.width).toBe(256);
    expect(fetched).toHaveLength(1);

    // many whole photos: past the budget, those not drawn for a while are closed
    for (const c of 'bcdef01') {
      now += 5000;
      const s = sha(c);
      wait = arrived(s);
      imageSource(s, 5000, natural);
      await wait;
    }
    expect(heldPixels()).toBeLessThanOrEqual(DECODED_PIXELS_BUDGET);
    expect(closed.length).toBeGreaterThan(0);
    // a closed copy is decoded again when drawn again
    wait = arrived(a);
    imageSource(a, 5000, natural);
    await wait;
    expect(imageSource(a, 5000, natural)?.width).toBe(4000);
  });

  it('reads the smallest preview covering the size drawn, the original past them or when a preview is missing', async () => {
    vi.stubGlobal('performance', { now: () => 1e6 });
    const fetched: string[] = [];
    const orig = sha('7');
    const small = sha('8');
    const big = sha('9');
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(url.slice(-64));
      if (url.endsWith(big)) return new Response('no', { status: 404, headers: { 'content-type': 'application/json' } });
      return new Response(new Uint8Array([0x89, 0x50, 0x4e, 0x47]), { headers: { 'content-type': 'image/png' } });
    });
    vi.stubGlobal('createImageBitmap', async (_b: Blob, o: ImageBitmapOptions = {}) => ({ width: o.resizeWidth ?? 4000, height: 3000, close() {} }) as unknown as ImageBitmap);
    setFileSource((s) => `/api/rooms/R/files/${s}`);
    const natural = { w: 4000, h: 3000 };
    const previews = [
      { size: 256, file: small },
      { size: 1024, file: big },
    ];
    const arrived = () => new Promise<void>((resolve) => { const off = onImageReady((x) => x === orig && (off(), resolve())); });
    let wait = arrived();
    imageSource(orig, 120, natural, previews);
    await wait;
    expect(fetched).toEqual([small]);
    // 600 px drawn: the 1024 preview, which this board lacks: then the original
    wait = arrived();
    imageSource(orig, 600, natural, previews);
    await wait;
    expect(fetched).toEqual([small, big, orig]);
    expect(imageSource(orig, 600, natural, previews)?.width).toBe(1024);
  });

  it('asks nothing for a hash that is not one', () => {
    vi.stubGlobal('createImageBitmap', async () => ({}));
    const f = vi.fn();
    vi.stubGlobal('fetch', f);
    expect(imageSource('../../etc/passwd', 100, { w: 10, h: 10 })).toBeNull();
    expect(imageSource(sha('A'), 100, { w: 10, h: 10 })).toBeNull();
    expect(f).not.toHaveBeenCalled();
  });
});
