/**
 * The tile cache (client/render/tiles.ts) in real Chromium: a board opened with tiles
 * shows the same pixels as the same board painted directly (?render=direct), on the
 * first frame and after panning into the area the first frame's tiles only partly
 * covered; and the layer is painted once per frame, not also by Konva's own redraw.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import type { WebsocketProvider } from 'y-websocket';
import { appendPoints, beginStroke, endStroke } from '../client/board/strokes.ts';
import { connectProvider, createRoom, eventually, synced } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import type { RoomInfo } from '../shared/api.ts';
import { launchBrowser } from './browser.ts';
import { drag, ensureClientBuilt, pickTool } from './harness.ts';

const VIEW = { width: 1100, height: 700 };
const STROKES = 600;

/** Deterministic pseudo-random numbers in [0, 1). */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
}

/** Wavy strokes spread over 1600×1300 board px: they cross every tile edge and the screen's. */
function seed(doc: Y.Doc): void {
  const r = rng(7);
  for (let k = 0; k < STROKES; k++) {
    const x = r() * 1600;
    const y = r() * 1300;
    const h = beginStroke(doc, { x, y, author: 'seed', color: ['#1e1e1e', '#1971c2', '#e03131'][k % 3], width: [2, 4, 8][k % 3] });
    const pts: number[] = [];
    for (let i = 0; i < 60; i++) pts.push(x + i * 3, y + Math.sin(i / 5 + k) * 20, 0.3 + 0.4 * r());
    appendPoints(doc, h, pts);
    endStroke(doc, h);
  }
}

/** The board's pixels as shown: every Konva layer canvas composited, RGBA. */
async function screenPixels(page: Page): Promise<Buffer> {
  await page.waitForFunction(() => window.__wb?.renderIdle(), null, { timeout: 20_000, polling: 'raf' });
  const b64 = await page.evaluate(() => {
    const layers = [...document.querySelectorAll('#board canvas')] as HTMLCanvasElement[];
    const out = document.createElement('canvas');
    out.width = layers[0].width;
    out.height = layers[0].height;
    const c = out.getContext('2d')!;
    for (const l of layers) c.drawImage(l, 0, 0);
    const data = c.getImageData(0, 0, out.width, out.height).data;
    let s = '';
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(s);
  });
  return Buffer.from(b64, 'base64');
}

/** Pixels whose colour differs by more than a rounding error in any channel. */
function differing(a: Buffer, b: Buffer): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i += 4) {
    if (Math.abs(a[i] - b[i]) > 24 || Math.abs(a[i + 1] - b[i + 1]) > 24 || Math.abs(a[i + 2] - b[i + 2]) > 24 || Math.abs(a[i + 3] - b[i + 3]) > 24) n++;
  }
  return n;
}

const inked = (px: Buffer) => {
  let n = 0;
  for (let i = 3; i < px.length; i += 4) if (px[i] > 128) n++;
  return n;
};

describe('tile cache in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let provider: WebsocketProvider;

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay(), launchBrowser()]);
    room = await createRoom(relay.http);
    const doc = new Y.Doc();
    provider = connectProvider(relay.ws, room.id, doc);
    await synced(provider);
    seed(doc);
    // the relay has every stroke once a fresh client syncs them all
    const check = connectProvider(relay.ws, room.id);
    await synced(check);
    await eventually(() => check.doc.getMap('shapes').size === STROKES, 'the relay holds every stroke');
    check.destroy();
  }, 120_000);

  afterAll(async () => {
    provider?.destroy();
    await browser?.close();
    await relay?.stop();
  });

  it('shows the same pixels as direct painting, on the first frame and after a pan', async () => {
    const context = await browser.newContext({ viewport: VIEW });
    const tiled = await context.newPage();
    const direct = await context.newPage();
    await Promise.all([tiled.goto(relay.http + room.editUrl), direct.goto(`${relay.http}${room.editUrl}?render=direct`)]);

    const first = await screenPixels(tiled);
    expect(inked(first)).toBeGreaterThan(VIEW.width * VIEW.height * 0.05);
    expect(differing(first, await screenPixels(direct))).toBeLessThan(first.length / 4 / 1000);

    // pan by an amount that is not a tile multiple, down and right into the area the
    // first frame's edge tiles did not cover
    for (const p of [tiled, direct]) {
      await pickTool(p, 'h');
      await drag(p, 600, 500, 470, 330);
      expect(await p.evaluate(() => window.__wb!.camera())).toEqual({ x: -130, y: -170, scale: 1 });
    }
    const panned = await screenPixels(tiled);
    expect(differing(panned, await screenPixels(direct))).toBeLessThan(panned.length / 4 / 1000);
    expect(differing(panned, first)).toBeGreaterThan(panned.length / 4 / 10); // the view did move
    await context.close();
  });

  it('paints the board once per frame while the view pans', async () => {
    const context = await browser.newContext({ viewport: VIEW });
    const page = await context.newPage();
    await page.goto(relay.http + room.editUrl);
    await page.waitForFunction(() => window.__wb?.renderIdle(), null, { timeout: 20_000, polling: 'raf' });
    await pickTool(page, 'h');
    // count animation frames, and repaints of the static shapes' canvas (Konva clears a
    // layer's canvas before each draw)
    await page.evaluate(() => {
      const w = window as unknown as { __paints: number; __frames: number };
      w.__paints = 0;
      w.__frames = 0;
      const ctx = (document.querySelector('#board canvas') as HTMLCanvasElement).getContext('2d')!;
      const clear = ctx.clearRect.bind(ctx);
      ctx.clearRect = (...a: Parameters<CanvasRenderingContext2D['clearRect']>) => {
        w.__paints++;
        clear(...a);
      };
      const tick = () => {
        w.__frames++;
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    const nextFrame = () => page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => r())));
    await page.mouse.move(600, 400);
    await page.mouse.down();
    const STEPS = 40;
    for (let k = 1; k <= STEPS; k++) {
      await page.mouse.move(600 - k * 5, 400 - k * 3);
      await nextFrame();
    }
    await page.mouse.up();
    const { paints, frames } = await page.evaluate(() => {
      const w = window as unknown as { __paints: number; __frames: number };
      return { paints: w.__paints, frames: w.__frames };
    });
    expect(await page.evaluate(() => window.__wb!.camera())).toEqual({ x: -200, y: -120, scale: 1 });
    // every step of the pan was drawn, once: the frames in between had nothing to draw,
    // and a second draw of the layer in the frame of a step would double its cost
    expect(paints).toBeGreaterThanOrEqual(STEPS);
    expect(paints).toBeLessThanOrEqual(Math.min(frames, STEPS * 1.25));
    await context.close();
  });
});
