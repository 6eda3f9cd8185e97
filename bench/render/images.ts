/**
 * The 200 images of the render benchmark (issue 16): 1–4 megapixels each, made
 * deterministically in headless Chromium (seeded drawing on an OffscreenCanvas,
 * encoded with convertToBlob), uploaded through the files API
 * (PUT /api/rooms/<id>/files/<sha256>) and placed on the 10,000-stroke board as image
 * shapes written by a Node Yjs client (client/shapes/image writeImage, as a paste does).
 *
 * Each image gets the previews a paste makes (shared/imageFiles.ts PREVIEW_SIZES): the
 * client's own encodePreviews (client/images/previews.ts) runs in the Chromium page on
 * the decoded original, exactly as the uploading editor runs it; the previews are
 * uploaded with the originals and named in the shapes. (`--no-previews` leaves them out:
 * the boards of before, whose images read their originals.)
 *
 * Three in four are "photos" (JPEG, quality 0.85: gradients, soft blobs and a grain of
 * noise, so the file is as costly to decode as a camera's), one in four "screenshots"
 * (PNG: flat panels, bars and text). The pixels depend only on the seed; the bytes also
 * on Chromium's encoders, so the files are kept in a cache folder per Chromium version
 * (os.tmpdir()/wb-bench-images-<version>) and made again only when missing.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { nextZ } from '../../client/board/order.ts';
import { shapesMap } from '../../client/board/strokes.ts';
import { newShapeId } from '../../client/board/ids.ts';
import { writeImage } from '../../client/shapes/image/index.ts';
import { previewSizesFor, sniffImageType, type ImageType } from '../../shared/imageFiles.ts';
import { encodePreviews } from '../../client/images/previews.ts';
import { rng, SCENE } from './scene.ts';

export const IMAGE_SCENE = {
  count: 200,
  /** natural size, megapixels */
  minMp: 1,
  maxMp: 4,
  /** long side of the box on the board, board px */
  minSide: 120,
  maxSide: 320,
};

export interface BenchImage {
  sha: string;
  mime: ImageType;
  width: number;
  height: number;
  bytes: Buffer;
  previews: BenchPreview[];
}

export interface BenchPreview {
  size: number;
  sha: string;
  mime: ImageType;
  bytes: Buffer;
}

const ASPECTS = [4 / 3, 3 / 2, 16 / 9, 1, 3 / 4, 2 / 3];
/** Bump when the drawing changes, so cached files are made again. */
const GENERATOR = 1;

/** Natural size and kind of image i (the same for every run). */
export function imageSpec(i: number): { width: number; height: number; kind: 'photo' | 'screenshot'; seed: number } {
  const r = rng(1000 + i);
  const mp = IMAGE_SCENE.minMp + r() * (IMAGE_SCENE.maxMp - IMAGE_SCENE.minMp);
  const aspect = ASPECTS[Math.floor(r() * ASPECTS.length)];
  const width = Math.round(Math.sqrt(mp * 1e6 * aspect));
  const height = Math.round((mp * 1e6) / width);
  return { width, height, kind: i % 4 === 3 ? 'screenshot' : 'photo', seed: 5000 + i };
}

/** Runs in the page: draws and encodes one image, returns its bytes as base64. */
async function drawInPage(spec: { width: number; height: number; kind: 'photo' | 'screenshot'; seed: number }): Promise<string> {
  let a = spec.seed >>> 0;
  const r = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const { width: W, height: H } = spec;
  const canvas = new OffscreenCanvas(W, H);
  const c = canvas.getContext('2d')!;
  const hsl = (h: number, s: number, l: number, al = 1) => `hsla(${Math.round(h)}, ${Math.round(s)}%, ${Math.round(l)}%, ${al})`;
  const hue = r() * 360;
  if (spec.kind === 'photo') {
    const g = c.createLinearGradient(0, 0, W * r(), H);
    g.addColorStop(0, hsl(hue, 40 + r() * 40, 25 + r() * 40));
    g.addColorStop(0.5, hsl(hue + 40 + r() * 60, 30 + r() * 50, 30 + r() * 40));
    g.addColorStop(1, hsl(hue + 180 * r(), 30 + r() * 50, 20 + r() * 50));
    c.fillStyle = g;
    c.fillRect(0, 0, W, H);
    for (let k = 0; k < 40; k++) {
      const x = r() * W;
      const y = r() * H;
      const rad = (0.05 + r() * 0.3) * Math.max(W, H);
      const rg = c.createRadialGradient(x, y, 0, x, y, rad);
      rg.addColorStop(0, hsl(hue + r() * 120 - 60, 50 + r() * 50, 30 + r() * 60, 0.5 + r() * 0.5));
      rg.addColorStop(1, hsl(hue, 50, 50, 0));
      c.fillStyle = rg;
      c.fillRect(x - rad, y - rad, rad * 2, rad * 2);
    }
    // grain: seeded noise in a 256 px tile, overlaid
    const n = new OffscreenCanvas(256, 256);
    const nc = n.getContext('2d')!;
    const img = nc.createImageData(256, 256);
    for (let p = 0; p < img.data.length; p += 4) {
      const v = Math.floor(r() * 256);
      img.data[p] = img.data[p + 1] = img.data[p + 2] = v;
      img.data[p + 3] = 255;
    }
    nc.putImageData(img, 0, 0);
    c.globalAlpha = 0.18;
    c.globalCompositeOperation = 'overlay';
    c.fillStyle = c.createPattern(n, 'repeat')!;
    c.fillRect(0, 0, W, H);
    c.globalAlpha = 1;
    c.globalCompositeOperation = 'source-over';
  } else {
    c.fillStyle = '#f8f9fa';
    c.fillRect(0, 0, W, H);
    c.fillStyle = hsl(hue, 60, 45);
    c.fillRect(0, 0, W, Math.round(H * 0.06));
    const u = Math.max(12, Math.round(W / 90));
    for (let k = 0; k < 12; k++) {
      const x = r() * W * 0.8;
      const y = H * 0.08 + r() * H * 0.8;
      const w = (0.1 + r() * 0.4) * W;
      const h = (0.05 + r() * 0.3) * H;
      c.fillStyle = k % 3 ? '#ffffff' : hsl(hue + r() * 90, 50, 85);
      c.fillRect(x, y, w, h);
      c.strokeStyle = '#ced4da';
      c.lineWidth = 2;
      c.strokeRect(x, y, w, h);
      c.fillStyle = '#343a40';
      c.font = `${u}px sans-serif`;
      for (let line = 1; line * u * 1.5 < h - u; line++) c.fillText('lorem ipsum dolor sit amet '.slice(0, 8 + Math.floor(r() * 20)), x + u, y + line * u * 1.5);
    }
  }
  const blob = await canvas.convertToBlob(spec.kind === 'photo' ? { type: 'image/jpeg', quality: 0.85 } : { type: 'image/png' });
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** The benchmark's images: from the cache folder, else drawn in `browser` (and cached). */
export async function benchImages(browser: Browser, count: number, log: (...a: unknown[]) => void): Promise<BenchImage[]> {
  const dir = join(tmpdir(), `wb-bench-images-${browser.version()}-g${GENERATOR}`);
  mkdirSync(dir, { recursive: true });
  const out: BenchImage[] = [];
  const missing: number[] = [];
  for (let i = 0; i < count; i++) {
    const spec = imageSpec(i);
    const file = join(dir, `${i}.${spec.kind === 'photo' ? 'jpg' : 'png'}`);
    if (!existsSync(file)) missing.push(i);
  }
  if (missing.length) {
    const t = Date.now();
    await inBlankPage(browser, async (page) => {
      for (const i of missing) {
        const spec = imageSpec(i);
        const b64 = await page.evaluate(drawInPage, spec);
        writeFileSync(join(dir, `${i}.${spec.kind === 'photo' ? 'jpg' : 'png'}`), Buffer.from(b64, 'base64'));
      }
    });
    log(`drew ${missing.length} images in ${Date.now() - t} ms (kept in ${dir})`);
  }
  for (let i = 0; i < count; i++) {
    const spec = imageSpec(i);
    const bytes = readFileSync(join(dir, `${i}.${spec.kind === 'photo' ? 'jpg' : 'png'}`));
    out.push({
      sha: sha256(bytes),
      mime: spec.kind === 'photo' ? 'image/jpeg' : 'image/png',
      width: spec.width,
      height: spec.height,
      bytes,
      previews: [],
    });
  }
  await addPreviews(browser, dir, out, log);
  return out;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Runs `fn` on a blank page of a fresh context (closed after), for work done with the browser's own codecs. */
async function inBlankPage(browser: Browser, fn: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  try {
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page one
    await context.addInitScript({ content: 'window.__name = window.__name || ((f) => f);' });
    const page = await context.newPage();
    await page.goto('about:blank');
    await fn(page);
  } finally {
    await context.close();
  }
}

/** Runs in the page: decodes an original and makes its previews with the client's encodePreviews (installed as window.encodePreviews). */
async function previewsInPage(arg: { b64: string; mime: string; sizes: number[] }): Promise<Array<{ size: number; b64: string }>> {
  const bin = atob(arg.b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const bitmap = await createImageBitmap(new Blob([bytes], { type: arg.mime }));
  const encode = (window as unknown as { encodePreviews: typeof encodePreviews }).encodePreviews;
  const previews = await encode(bitmap, arg.sizes, arg.mime === 'image/jpeg');
  bitmap.close();
  return Promise.all(
    previews.map(async (p) => {
      const b = new Uint8Array(await p.blob.arrayBuffer());
      let s = '';
      for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
      return { size: p.size, b64: btoa(s) };
    }),
  );
}

/**
 * The previews of each image (client/images/previews.ts run in Chromium), kept in the
 * cache folder under the hash of the encoder's source, so a change to it makes them again.
 */
async function addPreviews(browser: Browser, dir: string, images: BenchImage[], log: (...a: unknown[]) => void): Promise<void> {
  const source = encodePreviews.toString();
  const sub = join(dir, `previews-${sha256(Buffer.from(source + previewSizesFor(1e5, 1e5).join())).slice(0, 12)}`);
  mkdirSync(sub, { recursive: true });
  const fileOf = (i: number, size: number) => join(sub, `${i}.${size}`);
  const missing = images.flatMap((img, i) => (previewSizesFor(img.width, img.height).every((s) => existsSync(fileOf(i, s))) ? [] : [i]));
  if (missing.length) {
    const t = Date.now();
    await inBlankPage(browser, async (page) => {
      await page.addScriptTag({ content: `window.encodePreviews = ${source};` });
      for (const i of missing) {
        const img = images[i];
        const made = await page.evaluate(previewsInPage, { b64: img.bytes.toString('base64'), mime: img.mime, sizes: previewSizesFor(img.width, img.height) });
        for (const p of made) writeFileSync(fileOf(i, p.size), Buffer.from(p.b64, 'base64'));
      }
    });
    log(`made the previews of ${missing.length} images in ${Date.now() - t} ms (kept in ${sub})`);
  }
  for (const [i, img] of images.entries()) {
    img.previews = previewSizesFor(img.width, img.height).map((size) => {
      const bytes = readFileSync(fileOf(i, size));
      const mime = sniffImageType(bytes);
      if (!mime) throw new Error(`preview ${fileOf(i, size)} is not an image`);
      return { size, sha: sha256(bytes), mime, bytes };
    });
  }
}

/** Uploads the files (and, unless `previews` is false, their previews) to the room, as the editor does (PUT, content-addressed); 201 or 200 for each. */
export async function uploadImages(http: string, roomId: string, images: BenchImage[], previews = true): Promise<void> {
  const files: Array<{ sha: string; mime: ImageType; bytes: Buffer }> = images.flatMap((img) => [img, ...(previews ? img.previews : [])]);
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const img = files[next++];
      const res = await fetch(`${http}/api/rooms/${encodeURIComponent(roomId)}/files/${img.sha}`, {
        method: 'PUT',
        body: new Uint8Array(img.bytes),
        headers: { 'content-type': img.mime },
      });
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload of ${img.sha}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

/**
 * Places the images on the board (one transaction each, on top, like pastes): boxes
 * IMAGE_SCENE.minSide–maxSide px on the long side, spread over the strokes' area, one in
 * ten rotated; naming their previews unless `previews` is false.
 */
export function placeImages(doc: Y.Doc, images: BenchImage[], previews = true): void {
  const r = rng(77);
  const shapes = shapesMap(doc);
  for (const img of images) {
    const side = IMAGE_SCENE.minSide + r() * (IMAGE_SCENE.maxSide - IMAGE_SCENE.minSide);
    const k = side / Math.max(img.width, img.height);
    const w = img.width * k;
    const h = img.height * k;
    const x = 40 + r() * (SCENE.width - 80 - w);
    const y = 40 + r() * (SCENE.height - 80 - h);
    const rotation = r() < 0.1 ? Math.round((r() - 0.5) * 30) : 0;
    doc.transact(() => {
      const map = new Y.Map<unknown>();
      shapes.set(newShapeId(), map);
      writeImage(map, { x, y, w, h, rotation, author: 'Kq3vYb0x2A', file: img.sha, mime: img.mime, naturalW: img.width, naturalH: img.height, previews: previews ? img.previews.map((p) => ({ size: p.size, file: p.sha })) : [] }, nextZ(shapes));
    });
  }
}
