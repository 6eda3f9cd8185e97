/**
 * Render benchmark (`npm run bench:render`): a real relay, a board of 10,000 freehand
 * strokes + 1,000 shapes seeded by a Node Yjs client through client/board, and the
 * editor in headless Chromium at 1280×800 driven with real mouse drags.
 *
 * Measures
 * - first full render: ms from navigation start (performance.timeOrigin) to the start
 *   of the first animation frame after the one in which the board had drawn every shape
 *   of the document (window.__wb.renderedShapeCount() equal to the shape count: the
 *   renderer had absorbed all shapes and the frame showing them was produced);
 * - frame times: deltas between consecutive requestAnimationFrame timestamps while the
 *   hand tool drags the board continuously for 5 s, at 100% zoom and zoomed to fit
 *   (Shift+1), each alone and while another client (Node) streams a new stroke into the
 *   view at 60 Hz;
 * - document size after compaction (bench/render/docSize.ts) on the seeded board.
 *
 * - the same with 200 images of 1-4 megapixels added to the board (bench/render/images.ts):
 *   first full render with every image in view painted from its decoded copy, and the
 *   four pans;
 * - the bytes each shape type adds to the document (bench/render/shapeBytes.ts).
 *
 * Options: --loads <n> (page loads for the first-render median, default 5), --no-build (use dist/ as built: the test client in
 * CLIENT_OUT_DIR.test, i.e. $CLIENT_TEST_OUT_DIR or dist/client-test, and dist/server), --no-write (do not touch docs/benchmarks.md),
 * --images <n> (images added for the second scenario, default 200; 0: none), --images-only (skip the board without images; writes nothing),
 * --no-previews (the images without the previews a paste makes, as on boards made before them),
 * --steps (measure each rendering step through the client's URL switches and write the
 * steps table; --baseline <report.json> adds a row from a run of the old client),
 * --pan-ms <n> (default 5000), --label <text> (printed with the results), --query <q>
 * (URL parameters for the editor, e.g. `render=direct&lod=off`, see client/testHooks.ts).
 */
import { execFileSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../../e2e/browser.ts';
import { startRelay } from '../../server/test/relayProcess.ts';
import { connectProvider, createRoom, eventually, synced } from '../../server/test/clients.ts';
import { appendPoints, beginStroke, endStroke, shapesMap } from '../../client/board/strokes.ts';
import { drawShapes, drawStrokes, rng, SCENE, strokePath } from './scene.ts';
import { measureSeededDoc } from './docSize.ts';
import { writeReport, writeSteps, type ImagesReport, type PanResult, type Report } from './report.ts';
import { benchImages, IMAGE_SCENE, placeImages, uploadImages } from './images.ts';
import { measureShapeBytes, writeShapeBytes } from './shapeBytes.ts';
import { CLIENT_OUT_DIR } from '../../vite.config.ts';
import { buildServer } from '../../scripts/buildServer.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const opt = (name: string, d: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : d;
};
const PAN_MS = Number(opt('--pan-ms', '5000'));
const VIEW = { width: 1280, height: 800 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (...a: unknown[]) => console.error('[bench:render]', ...a);

async function seed(ws: string, roomId: string): Promise<{ doc: Y.Doc; total: number; points: number }> {
  const doc = new Y.Doc();
  const provider = connectProvider(ws, roomId, doc);
  await synced(provider);
  const r = rng(42);
  let points = 0;
  // 100 strokes per outer transaction: one update (~40 KB) per batch instead of one
  // per chunk; the doc ends up exactly as if each stroke had been drawn on its own.
  const BATCH = 100;
  for (let i = 0; i < SCENE.strokes; i += BATCH) {
    doc.transact(() => (points += drawStrokes(doc, r, BATCH)));
    await sleep(0);
  }
  for (let i = 0; i < SCENE.shapes; i += 250) doc.transact(() => drawShapes(doc, r, 250));
  // A second client proves the relay holds it all.
  const check = new Y.Doc();
  const p2 = connectProvider(ws, roomId, check);
  await synced(p2, 60_000);
  const total = shapesMap(doc).size;
  await eventually(() => shapesMap(check).size === total, `the relay to hold all ${total} shapes`, 180_000);
  p2.destroy();
  provider.destroy();
  return { doc: check, total, points };
}

/**
 * Installed before the page's scripts: a rAF recorder and the first-full-render probes.
 * `firstFull`: the board had drawn every shape of the document (images may still show
 * their placeholder). `firstImages` (boards with images): the board had drawn every shape,
 * and every image in view from a decoded copy of the size it is drawn at
 * (`window.__wb.imagesShown()`, as of the last frame drawn).
 */
function probe(arg: { expected: number; images: boolean }) {
  const w = window as unknown as {
    __bench: { frames: number[]; recording: boolean; firstFull: number | null; seenAll: boolean; firstImages: number | null };
    __wb?: { renderedShapeCount(): number; drawnFrame?(): number; imagesShown?(): boolean };
  };
  const { expected } = arg;
  w.__bench = { frames: [], recording: false, firstFull: null, seenAll: false, firstImages: null };
  localStorage.setItem('whiteboard.user', JSON.stringify({ id: 'bench-viewer', name: 'Bench', color: '#1971c2' }));
  const tick = (t: number) => {
    const b = w.__bench;
    if (b.recording) b.frames.push(t);
    if (b.firstFull === null) {
      if (b.seenAll) b.firstFull = performance.now();
      else if (w.__wb && w.__wb.renderedShapeCount() >= expected) {
        // This callback runs before the app's in a frame (registered a frame earlier), so
        // a complete draw it sees was made in an earlier frame: this is the next frame.
        // Without the frame hook (older clients) it cannot tell, and waits one more.
        const drawnIn = w.__wb.drawnFrame?.();
        if (drawnIn !== undefined && drawnIn < t) b.firstFull = performance.now();
        else b.seenAll = true;
      }
    }
    // imagesShown() is true only after a complete draw, which set drawnFrame()
    if (arg.images && b.firstImages === null && w.__wb?.imagesShown?.() && w.__wb.renderedShapeCount() >= expected && w.__wb.drawnFrame!() < t) b.firstImages = performance.now();
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/**
 * Waits until the board has settled: the renderer reports it is idle (renderIdle hook,
 * when the client has it) and 10 consecutive frames took under 40 ms.
 */
async function settle(page: Page, timeout = 30_000): Promise<number> {
  const t0 = Date.now();
  // with images: also until no decoding is in flight (a copy ready repaints its tiles)
  await page
    .waitForFunction(
      () => {
        const wb = window.__wb as { renderIdle?: () => boolean; images?: () => { busy: number } } | undefined;
        return (wb?.renderIdle?.() ?? true) && (wb?.images?.().busy ?? 0) === 0;
      },
      null,
      { timeout, polling: 'raf' },
    )
    .catch(() => log('renderIdle did not become true'));
  await page.evaluate(
    (timeoutMs) =>
      new Promise<void>((resolve) => {
        let last = performance.now();
        let calm = 0;
        const end = last + timeoutMs;
        const tick = (t: number) => {
          calm = t - last < 40 ? calm + 1 : 0;
          last = t;
          if (calm >= 10 || t > end) resolve();
          else requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
      }),
    timeout,
  );
  return Date.now() - t0;
}

/**
 * Drags the board with the hand tool for `ms`: straight drags of `vectors` (screen px),
 * each over `dragMs`, cycled, with mouse moves every ~8 ms (a 120 Hz mouse).
 */
async function pan(page: Page, ms: number, vectors: [number, number][], dragMs: number): Promise<void> {
  const t0 = Date.now();
  let k = 0;
  while (Date.now() - t0 < ms) {
    const [dx, dy] = vectors[k++ % vectors.length];
    const sx = VIEW.width / 2 - dx / 2;
    const sy = VIEW.height / 2 - dy / 2;
    await page.mouse.move(sx, sy);
    await page.mouse.down();
    const start = Date.now();
    for (;;) {
      const f = Math.min(1, (Date.now() - start) / dragMs);
      await page.mouse.move(Math.round(sx + dx * f), Math.round(sy + dy * f));
      if (f >= 1 || Date.now() - t0 >= ms) break;
      await sleep(8);
    }
    await page.mouse.up();
  }
}

function stats(frames: number[]): Omit<PanResult, 'name'> {
  const d: number[] = [];
  for (let i = 1; i < frames.length; i++) d.push(frames[i] - frames[i - 1]);
  const s = [...d].sort((a, b) => a - b);
  const q = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN);
  return {
    frames: d.length,
    median: q(0.5),
    p95: q(0.95),
    max: s.length ? s[s.length - 1] : NaN,
    over33: d.length ? d.filter((x) => x > 33.4).length / d.length : NaN,
    fps: d.length ? (d.length * 1000) / (frames[frames.length - 1] - frames[0]) : NaN,
  };
}

/** A stroke streamed in by another client at 60 Hz, starting at the board point shown at the screen centre. */
function streamStroke(ws: string, roomId: string, page: Page) {
  const doc = new Y.Doc();
  const provider = connectProvider(ws, roomId, doc);
  let timer: NodeJS.Timeout | null = null;
  let sent = 0;
  return {
    async start() {
      await synced(provider, 60_000);
      const cam = await page.evaluate(() => window.__wb!.camera());
      const cx = (VIEW.width / 2 - cam.x) / cam.scale;
      const cy = (VIEW.height / 2 - cam.y) / cam.scale;
      // a long wandering stroke: 2 points per 16.7 ms tick for the whole pan
      const path = strokePath(rng(99), cx, cy, Math.ceil((PAN_MS / 1000) * 60 * 2) + 20, false);
      const h = beginStroke(doc, { x: cx, y: cy, author: 'bench-streamer', color: '#e03131', width: 4, simulatedPressure: true });
      let at = 0;
      const t0 = performance.now();
      timer = setInterval(() => {
        // catch up by wall clock so the rate stays 60 Hz even if a tick is late
        const due = Math.floor((performance.now() - t0) / (1000 / 60));
        while (sent < due && at < path.length) {
          appendPoints(doc, h, path.slice(at, at + 6));
          at += 6;
          sent++;
        }
        if (at >= path.length && timer) {
          clearInterval(timer);
          timer = null;
          endStroke(doc, h);
        }
      }, 1000 / 60);
      return () => {
        if (timer) clearInterval(timer);
        timer = null;
        if (at < path.length) endStroke(doc, h);
      };
    },
    sent: () => sent,
    destroy: () => provider.destroy(),
  };
}

interface Measured {
  query: string;
  firstRender: number;
  /** boards with images: the first full render with every image asked for painted from its decoded copy */
  firstImages: number | null;
  fitScale: number;
  fitSettleMs: number;
  pans: PanResult[];
}

/** Page loads measured for the first render (the first is measurePage's). */
const FIRST_RENDER_LOADS = Number(opt('--loads', '5'));

/**
 * Opens the board in a fresh context (the probe installed) and waits for its first full
 * render; returns the page, the ms it took and a function closing the context.
 */
async function openBoard(browser: Browser, relay: { http: string }, room: { editUrl: string }, total: number, query: string, images = false) {
  const context = await browser.newContext({ viewport: VIEW, deviceScaleFactor: 1 });
  try {
    // tsx (esbuild keepNames) wraps named functions in __name(): give the page one
    await context.addInitScript({ content: 'window.__name = window.__name || ((f) => f);' });
    await context.addInitScript(probe, { expected: total, images });
    const page = await context.newPage();
    page.on('pageerror', (e) => log('page error:', e.message));
    // image files read (the page's and its decoding worker's requests): when they started and ended, ms after navigation
    const files: { start: number; end: number }[] = [];
    let navAt = 0;
    page.on('request', (r) => {
      if (r.isNavigationRequest() && !navAt) navAt = Date.now();
    });
    page.on('requestfinished', (r) => {
      if (!/\/files\/[0-9a-f]{64}$/.test(r.url())) return;
      const t = r.timing();
      files.push({ start: t.startTime - navAt, end: t.startTime + t.responseEnd - navAt });
    });
    page.on('console', (m) => m.type() === 'error' && log('console:', m.text()));
    const watch = flag('--debug')
      ? setInterval(() => {
          page
            .evaluate(() => {
              const wb = window.__wb;
              return wb ? { status: wb.status(), shapes: wb.doc.getMap('shapes').size, drawn: wb.renderedShapeCount(), idle: (wb as any).renderIdle?.() } : null;
            })
            .then((s) => log('page', s))
            .catch(() => {});
        }, 2000)
      : undefined;
    await page.goto(relay.http + room.editUrl + (query ? `?${query}` : ''));
    await page
      .waitForFunction((images) => (window as any).__bench.firstFull !== null && (!images || (window as any).__bench.firstImages !== null), images, { timeout: 180_000, polling: 100 })
      .finally(() => clearInterval(watch));
    const firstRender = await page.evaluate(() => (window as any).__bench.firstFull as number);
    const firstImages = images ? await page.evaluate(() => (window as any).__bench.firstImages as number) : null;
    const timeline = await page.evaluate(() => {
      const at = (name: string) => performance.getEntriesByName(name)[0];
      const doc = performance.getEntriesByType('resource').find((e) => /\/doc(\?|$)/.test(e.name)) as PerformanceResourceTiming | undefined;
      const ms = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(0));
      return [
        `doc ${ms(doc?.requestStart)}→${ms(doc?.responseStart)}→${ms(doc?.responseEnd)}`,
        `loaded ${ms(at('wb:loaded')?.startTime)}`,
        `applied ${ms(at('wb:doc-applied')?.startTime)}`,
        `indexed ${ms(at('wb:indexed')?.startTime)}`,
        `first draw ${ms(at('wb:first-draw')?.startTime)}+${ms(at('wb:first-draw')?.duration)}`,
      ].join(', ');
    });
    const tag = `${query || 'default'}${images ? ', images' : ''}`;
    if (files.length) {
      const starts = files.map((f) => f.start).sort((a, b) => a - b);
      const ends = files.map((f) => f.end).sort((a, b) => a - b);
      log(`[${tag}] ${files.length} image files read, requests ${starts[0].toFixed(0)}→${starts[starts.length - 1].toFixed(0)} ms, answers done ${ends[0].toFixed(0)}→${ends[ends.length - 1].toFixed(0)} ms (median ${(ends[ends.length >> 1] - starts[starts.length >> 1]).toFixed(0)} ms per request; started at ${starts.map((t) => t.toFixed(0)).join(' ')})`);
    }
    log(`[${tag}] first full render ${firstRender.toFixed(0)} ms${firstImages !== null ? `, images painted ${firstImages.toFixed(0)} ms` : ''} after navigation start (${timeline})`);
    return { page, firstRender, firstImages, close: () => context.close() };
  } catch (err) {
    await context.close();
    throw err;
  }
}

/** One editor page with the given URL parameters: first render, then the four pans. */
async function measurePage(browser: Browser, relay: { http: string; ws: string }, room: { id: string; editUrl: string }, total: number, query: string, images = false): Promise<Measured> {
  const { page, firstRender, firstImages, close } = await openBoard(browser, relay, room, total, query, images);
  const tag = `${query || 'default'}${images ? ', images' : ''}`;
  try {
    await settle(page);

    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
    await page.keyboard.press('h');
    const pans: PanResult[] = [];
    const measure = async (name: string, vectors: [number, number][], dragMs: number, withStream: boolean) => {
      await settle(page);
      const stream = withStream ? streamStroke(relay.ws, room.id, page) : null;
      const stop = stream ? await stream.start() : null;
      await page.evaluate(() => ((window as any).__bench.frames = [], (window as any).__bench.recording = true));
      await pan(page, PAN_MS, vectors, dragMs);
      const frames = await page.evaluate(() => ((window as any).__bench.recording = false, (window as any).__bench.frames as number[]));
      stop?.();
      const r = { name, ...stats(frames), ...(stream ? { streamed: stream.sent() } : {}) };
      stream?.destroy();
      log(`[${tag}]`, r);
      pans.push(r);
    };
    // 100%: the view travels across the board (~900 px per drag, ~750 px/s)
    const across: [number, number][] = [[-900, 0], [-900, 0], [0, -600], [900, 0], [0, 600], [900, 0]];
    await measure('pan at 100%', across, 1200, false);
    await measure('pan at 100%, stroke streaming in', across, 1200, true);
    await page.keyboard.press('Shift+Digit1');
    const fitSettleMs = await settle(page, 120_000);
    const fitScale = await page.evaluate(() => window.__wb!.camera().scale);
    log(`[${tag}] zoom to fit (scale ${fitScale.toFixed(3)}) settled in ${fitSettleMs} ms`);
    const around: [number, number][] = [[-400, 0], [0, -300], [400, 0], [0, 300]];
    await measure('pan at zoom to fit', around, 700, false);
    await measure('pan at zoom to fit, stroke streaming in', around, 700, true);
    return { query, firstRender, firstImages, fitScale, fitSettleMs, pans };
  } finally {
    await close();
  }
}

/** Page loads of one board: sorted first renders (and, with images, sorted first renders with the images painted). */
async function firstRenders(browser: Browser, relay: { http: string }, room: { editUrl: string }, total: number, query: string, first: Measured, images: boolean) {
  const shapes = [first.firstRender];
  const withImages = first.firstImages !== null ? [first.firstImages] : [];
  for (let i = 1; i < FIRST_RENDER_LOADS; i++) {
    const load = await openBoard(browser, relay, room, total, query, images);
    await load.close();
    shapes.push(load.firstRender);
    if (load.firstImages !== null) withImages.push(load.firstImages);
  }
  const sort = (v: number[]) => v.sort((x, y) => x - y);
  return { shapes: sort(shapes), images: sort(withImages) };
}
const median = (v: number[]) => v[Math.floor(v.length / 2)];

async function main() {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  if (!flag('--no-build')) {
    log('building…');
    // the test build of the client: the probes read window.__wb, which production builds leave out
    execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--mode', 'test', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    await buildServer();
  }
  // the 200 images take ~100 MB: more than a room's default quota of files (200 MiB) would leave for other runs
  const relay = await startRelay({ env: { CLIENT_DIR: `${ROOT}${CLIENT_OUT_DIR.test}`, ROOM_FILES_BYTES: String(1024 * 1024 * 1024) } });
  log('relay at', relay.http, 'serving', CLIENT_OUT_DIR.test);
  const browser = await launchBrowser();
  const imageCount = Number(opt('--images', String(IMAGE_SCENE.count)));
  const imagesOnly = flag('--images-only');
  // --no-previews: the images without their previews, as boards made before them
  const previews = !flag('--no-previews');
  const write = !flag('--no-write') && !imagesOnly;
  try {
    const room = await createRoom(relay.http);
    const t = Date.now();
    const seeded = await seed(relay.ws, room.id);
    log(`seeded ${seeded.total} shapes (${seeded.points} stroke points) in ${Date.now() - t} ms`);
    const size = measureSeededDoc(seeded.doc);
    log('document size', size);

    // --steps: the rendering steps one after the other (URL switches), then the default
    const queries = flag('--steps') ? STEPS.map((s) => s.query) : [opt('--query', '')];
    const query = queries[queries.length - 1];
    const measured: Measured[] = [];
    let loads = { shapes: [] as number[], images: [] as number[] };
    if (!imagesOnly) {
      for (const q of queries) measured.push(await measurePage(browser, relay, room, seeded.total, q));
      // First render varies by ±0.4 s on this shared machine: more loads, report the median.
      loads = await firstRenders(browser, relay, room, seeded.total, query, measured[measured.length - 1], false);
      log('first full render over', loads.shapes.length, 'loads:', loads.shapes.map((x) => x.toFixed(0)).join(', '));
    }

    // issue 16: the same board with 200 images of 1-4 megapixels on it
    let images: ImagesReport | undefined;
    if (imageCount > 0) {
      const ti = Date.now();
      const imagesLoadAt = loadavg()[0];
      const files = await benchImages(browser, imageCount, log);
      await uploadImages(relay.http, room.id, files, previews);
      const doc = new Y.Doc();
      const provider = connectProvider(relay.ws, room.id, doc);
      await synced(provider, 60_000);
      placeImages(doc, files, previews);
      const check = new Y.Doc();
      const p2 = connectProvider(relay.ws, room.id, check);
      await synced(p2, 60_000);
      // the streaming pans added strokes: count what the board holds now
      const total = shapesMap(doc).size;
      await eventually(() => shapesMap(check).size === total, `the relay to hold all ${total} shapes`, 180_000);
      p2.destroy();
      provider.destroy();
      const bytes = files.reduce((n, f) => n + f.bytes.length, 0);
      const pixels = files.reduce((n, f) => n + f.width * f.height, 0);
      log(`${files.length} images (${(bytes / 1e6).toFixed(1)} MB, ${(pixels / 1e6).toFixed(0)} Mpx) uploaded and placed in ${Date.now() - ti} ms`);
      const m = await measurePage(browser, relay, room, total, query, true);
      const l = await firstRenders(browser, relay, room, total, query, m, true);
      log('with images: first full render over', l.shapes.length, 'loads:', l.shapes.map((x) => x.toFixed(0)).join(', '), '; images painted:', l.images.map((x) => x.toFixed(0)).join(', '));
      images = {
        count: files.length,
        jpeg: files.filter((f) => f.mime === 'image/jpeg').length,
        png: files.filter((f) => f.mime === 'image/png').length,
        bytes,
        pixels,
        minMp: Math.min(...files.map((f) => f.width * f.height)) / 1e6,
        maxMp: Math.max(...files.map((f) => f.width * f.height)) / 1e6,
        shapes: total,
        firstRender: median(l.images),
        firstRenders: l.images,
        firstShapes: median(l.shapes),
        firstShapesAll: l.shapes,
        fitScale: m.fitScale,
        fitSettleMs: m.fitSettleMs,
        pans: m.pans,
        previews,
        previewFiles: previews ? files.reduce((n, f) => n + f.previews.length, 0) : 0,
        previewBytes: previews ? files.reduce((n, f) => n + f.previews.reduce((k, p) => k + p.bytes.length, 0), 0) : 0,
        load: [imagesLoadAt, loadavg()[0]],
      };
    }
    const main = measured[measured.length - 1];
    const report: Report = {
      label: opt('--label', ''),
      date: new Date().toISOString(),
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${process.platform} ${process.arch}`,
      node: process.version,
      chromium: browser.version(),
      packages: pkgVersions(['konva', 'yjs', 'perfect-freehand', 'rbush', 'playwright-core']),
      shapes: seeded.total,
      points: seeded.points,
      firstRender: loads.shapes.length ? median(loads.shapes) : NaN,
      firstRenders: loads.shapes,
      fitScale: main?.fitScale ?? NaN,
      fitSettleMs: main?.fitSettleMs ?? NaN,
      pans: main?.pans ?? [],
      size,
      images,
      seconds: (Date.now() - started) / 1000,
      panMs: PAN_MS,
      load: [loadAtStart, loadavg()[0]],
    };
    console.log(JSON.stringify({ ...report, steps: measured }));
    writeReport(report, write);
    writeShapeBytes(measureShapeBytes(), write);
    if (flag('--steps') && !imagesOnly) {
      const baseline = opt('--baseline', '');
      const base = baseline ? (JSON.parse(readFileSync(baseline, 'utf8')) as Report) : null;
      writeSteps(
        [
          ...(base ? [{ step: `${BASELINE_STEP} (${base.date.slice(0, 10)})`, firstRender: base.firstRender, pans: base.pans, bytesPerPoint: base.size.bytesPerPointV2 }] : []),
          ...measured.map((m, i) => ({ step: STEPS[i].step, firstRender: m.firstRender, pans: m.pans, bytesPerPoint: size.bytesPerPointV2 })),
        ],
        write,
      );
    }
  } finally {
    await browser.close();
    await relay.stop();
  }
}

/** What each step of the rendering work changed, measured with the URL switches of the final client. */
const BASELINE_STEP = 'before: one Konva.Shape per shape in one layer, culled in sceneFunc, points decoded twice';
const STEPS = [
  { query: 'render=direct&lod=off', step: '1. renderer fed by the spatial index (one decode), static layer painted by one Konva.Shape culled with rbush, live layer for shapes being drawn' },
  { query: 'render=direct', step: '2. + level of detail below 50 % zoom (centre lines for thin strokes)' },
  { query: 'lod=off', step: '3. tile cache without level of detail (bitmaps of the static layer, blitted while the camera moves)' },
  { query: '', step: '4. tile cache + level of detail (the default)' },
];

function pkgVersions(names: string[]): string {
  return names
    .map((n) => `${n} ${JSON.parse(readFileSync(`${ROOT}node_modules/${n}/package.json`, 'utf8')).version}`)
    .join(', ');
}

// Exit explicitly: a provider's reconnect timer would keep the process alive after the relay stops.
main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
