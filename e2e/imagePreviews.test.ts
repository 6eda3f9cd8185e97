/**
 * Image previews in real Chromium (shared/imageFiles.ts PREVIEW_SIZES): a large picture
 * pasted by one editor is uploaded with its downscaled copies, the shape names them, and
 * the other editor and a spectator, zoomed out, read the small copy, never the original;
 * an image made before previews existed (none named) still paints from its original.
 * A large upload shows its progress in the toast; a file over the relay's own limit
 * (MAX_FILE_BYTES, published in its awareness entry) is refused before it is sent.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomInfo } from '../shared/api.ts';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { noisePng, sha256, solidPng } from './pngFiles.ts';
import { ensureClientBuilt, openSpectator, pixelsOfColor, twoEditors } from './harness.ts';

/** The relay of these tests takes files up to 1.5 MiB (the default is 10 MiB). */
const MAX_FILE_BYTES = 1.5 * 1024 * 1024;
const toast = (page: Page) => page.locator('#toast').innerText();

const PURPLE = '#7b2ff7';
const ORANGE = '#f76707';
/** 2400 × 1600: larger than every preview (256, 512 and 1024 px) */
const BIG_PURPLE = solidPng(2400, 1600, PURPLE);
const BIG_ORANGE = solidPng(2000, 1500, ORANGE);

async function pasteFile(page: Page, png: Buffer): Promise<void> {
  await page.evaluate((b64) => {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const dt = new DataTransfer();
    dt.items.add(new File([bytes], 'big.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, png.toString('base64'));
}

/** The files (hashes) the page asked the relay for, by method. */
function filesRequested(page: Page): { get: string[]; put: string[] } {
  const out = { get: [] as string[], put: [] as string[] };
  page.on('request', (r: Request) => {
    const m = /\/files\/([0-9a-f]{64})$/.exec(r.url());
    if (!m) return;
    if (r.method() === 'PUT') out.put.push(m[1]);
    else if (r.method() === 'GET') out.get.push(m[1]);
  });
  return out;
}

/** Zooms out around the middle of the board with the wheel until the scale is under `below`. */
async function zoomOut(page: Page, below: number): Promise<number> {
  await page.mouse.move(550, 350);
  for (let i = 0; i < 20; i++) {
    const scale = await page.evaluate(() => window.__wb!.camera().scale);
    if (scale < below) return scale;
    await page.mouse.wheel(0, 300);
    await page.waitForTimeout(50);
  }
  return page.evaluate(() => window.__wb!.camera().scale);
}

const imageFields = (page: Page, file: string) =>
  page.evaluate((f) => {
    for (const m of window.__wb!.doc.getMap('shapes').values()) {
      const j = (m as { toJSON(): Record<string, unknown> }).toJSON();
      if (j.type === 'image' && j.f === f) return j;
    }
    return null;
  }, file);

describe('image previews in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let alice: Page;
  let bob: Page;
  let viewer: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay({ env: { MAX_FILE_BYTES: String(MAX_FILE_BYTES) } }), launchBrowser()]);
    room = await createRoom(relay.http);
    ({ alice, bob } = await twoEditors(browser, relay.http, room.editUrl));
    viewer = await openSpectator(browser, relay.http + room.viewUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('a large pasted image is uploaded with its previews; zoomed out, the other editor and a spectator read the small copy, not the original', async () => {
    const aliceFiles = filesRequested(alice);
    const bobFiles = filesRequested(bob);
    const viewerFiles = filesRequested(viewer);
    expect(await zoomOut(bob, 0.4)).toBeLessThan(0.4);
    expect(await zoomOut(viewer, 0.4)).toBeLessThan(0.4);

    await alice.mouse.move(550, 350);
    await pasteFile(alice, BIG_PURPLE);
    const original = sha256(BIG_PURPLE);
    await expect.poll(() => imageFields(bob, original).then((j) => j !== null), { timeout: 20_000 }).toBe(true);
    const shape = (await imageFields(bob, original))!;
    // the shape names three previews, 256, 512 and 1024 px on the long side, each a file Alice uploaded to this room
    const pv = shape.pv as [number, string][];
    expect(pv.map(([size]) => size)).toEqual([256, 512, 1024]);
    expect(aliceFiles.put.sort()).toEqual([original, ...pv.map(([, f]) => f)].sort());
    for (const [size, file] of pv) {
      const res = await fetch(`${relay.http}/api/rooms/${room.id}/files/${file}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/webp');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(sha256(bytes)).toBe(file);
      // decoded, it is the file's proportions with `size` px on its long side
      const dims = await alice.evaluate(async (b64) => {
        const bm = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))]));
        return [bm.width, bm.height];
      }, bytes.toString('base64'));
      expect(dims).toEqual([size, Math.round((size * 1600) / 2400)]);
    }

    // painted for both, from the 256 px copy: they asked for it and never for the original
    for (const page of [bob, viewer]) await expect.poll(() => pixelsOfColor(page, PURPLE), { timeout: 20_000 }).toBeGreaterThan(5_000);
    const small = pv[0][1];
    expect(bobFiles.get).toContain(small);
    expect(viewerFiles.get).toContain(small);
    expect(bobFiles.get).not.toContain(original);
    expect(viewerFiles.get).not.toContain(original);
    // Alice holds what she uploaded: she fetches none of it back
    await expect.poll(() => pixelsOfColor(alice, PURPLE), { timeout: 20_000 }).toBeGreaterThan(5_000);
    expect(aliceFiles.get).toEqual([]);
  });

  it('an image made without previews (before them) still paints, from its original', async () => {
    const original = sha256(BIG_ORANGE);
    const put = await fetch(`${relay.http}/api/rooms/${room.id}/files/${original}`, { method: 'PUT', body: new Uint8Array(BIG_ORANGE), headers: { 'content-type': 'image/png' } });
    expect(put.status).toBe(201);
    const bobFiles = filesRequested(bob);
    const viewerFiles = filesRequested(viewer);
    // written as the client wrote images before previews existed: no `pv`
    await alice.evaluate((f) => {
      const doc = window.__wb!.doc;
      const Map = (doc.getMap('shapes').constructor as unknown as new () => { set(k: string, v: unknown): void });
      const m = new Map();
      doc.transact(() => {
        doc.getMap('shapes').set('old-image', m as never);
        for (const [k, v] of Object.entries({ type: 'image', z: 'zz', x: 900, y: 0, w: 400, h: 300, author: 'id-Alice', f, mime: 'image/png', nw: 2000, nh: 1500 })) m.set(k, v);
      });
    }, original);
    for (const page of [bob, viewer]) await expect.poll(() => pixelsOfColor(page, ORANGE), { timeout: 20_000 }).toBeGreaterThan(2_000);
    expect(bobFiles.get).toContain(original);
    expect(viewerFiles.get).toContain(original);
  });

  it('a large upload shows its progress in the toast, then that it is done', async () => {
    const png = noisePng(560, 560); // ~0.9 MB
    expect(png.length).toBeGreaterThan(800_000);
    expect(png.length).toBeLessThan(MAX_FILE_BYTES);
    const cdp = await alice.context().newCDPSession(alice);
    // ~300 KB/s up: the upload takes about three seconds
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 300 * 1024 });
    const seen = new Set<string>();
    const watch = setInterval(() => void toast(alice).then((t) => seen.add(t), () => {}), 50);
    try {
      await pasteFile(alice, png);
      await expect.poll(() => toast(alice), { timeout: 30_000 }).toBe('Image uploaded.');
    } finally {
      clearInterval(watch);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    }
    const steps = [...seen].filter((t) => /^Uploading image… \d+ %$/.test(t)).map((t) => Number(/(\d+) %/.exec(t)![1]));
    // several readings on the way, not only the start and the end
    expect(steps.filter((p) => p > 0 && p < 100).length).toBeGreaterThan(1);
    expect(await imageFields(alice, sha256(png))).not.toBeNull();
  });

  it("a file over the relay's limit is refused with that limit, before anything is sent", async () => {
    const png = noisePng(800, 800); // ~1.9 MB: under the default 10 MiB, over this relay's 1.5 MiB
    expect(png.length).toBeGreaterThan(MAX_FILE_BYTES);
    const files = filesRequested(alice);
    await pasteFile(alice, png);
    await expect.poll(() => toast(alice)).toBe('The image is too large (at most 1.5 MB).');
    expect(files.put).toEqual([]);
    expect(await imageFields(alice, sha256(png))).toBeNull();
  });
});
