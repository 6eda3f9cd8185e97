import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { RoomInfo } from '../shared/api.ts';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { CLIENT_OUT_DIR } from '../vite.config.ts';

const ROOT = new URL('../', import.meta.url).pathname;
export const ARTIFACTS = new URL('./artifacts/', import.meta.url).pathname;
/** The test build of the client (with window.__wb, client/testHooks.ts); production builds have no hooks. */
export const TEST_CLIENT_DIR = `${ROOT}${CLIENT_OUT_DIR.test}`;

/**
 * `npm test` builds the test client first (`vite build --mode test`); a lone `vitest run
 * e2e` builds it here. Every relay this test file starts afterwards serves it:
 * startRelay passes process.env on to the relay, so CLIENT_DIR set here reaches relays
 * started by the test files themselves too.
 */
export function ensureClientBuilt(): void {
  if (!existsSync(`${TEST_CLIENT_DIR}/index.html`)) {
    execFileSync(process.execPath, [`${ROOT}node_modules/vite/bin/vite.js`, 'build', '--mode', 'test', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  }
  process.env.CLIENT_DIR = TEST_CLIENT_DIR;
  mkdirSync(ARTIFACTS, { recursive: true });
}

/** A browser context with its own storage, so its person has their own name. */
export async function personContext(browser: Browser, name: string, color: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 700 } });
  await context.addInitScript(
    ([n, c]) => localStorage.setItem('whiteboard.user', JSON.stringify({ id: `id-${n}`, name: n, color: c })),
    [name, color],
  );
  return context;
}

/** A spectator on the view link `url`, in a context of its own, once its page is connected. */
export async function openSpectator(browser: Browser, url: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__wb?.mode === 'view' && window.__wb.status() === 'connected', null, { timeout: 20_000 });
  return page;
}

export async function waitConnected(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__wb?.status() === 'connected', null, { timeout: 20_000 });
}

export const shapeCount = (page: Page) => page.evaluate(() => window.__wb!.renderedShapeCount());

/** Number of opaque canvas pixels (all Konva layers) close to the given colour. */
export function pixelsOfColor(page: Page, hex: string): Promise<number> {
  return translucentPixels(page, hex, 201, 255);
}

/** Drags the mouse along a wave from (x0, y) over `length` px, in `steps` moves. */
export async function drawStroke(page: Page, x0: number, y: number, length = 300, steps = 30, opts: { release?: boolean } = {}): Promise<void> {
  await page.mouse.move(x0, y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) {
    await page.mouse.move(x0 + (length * i) / steps, y + Math.sin(i / 3) * 30);
    await page.waitForTimeout(10);
  }
  if (opts.release !== false) await page.mouse.up();
}

/** The rendered shapes as read back from the Konva nodes (see client/testHooks.ts). */
export const renderedShapes = (page: Page) => page.evaluate(() => window.__wb!.renderedShapes());

/** Waits until the page renders exactly `n` shapes. */
export async function waitShapeCount(page: Page, n: number, timeout = 10_000): Promise<void> {
  await page.waitForFunction((k) => window.__wb!.renderedShapeCount() === k, n, { timeout });
}

/** Presses a tool's shortcut after making sure no text field has the focus. */
export async function pickTool(page: Page, key: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.keyboard.press(key);
}

/** A straight mouse drag from (x0, y0) to (x1, y1) in `steps` moves, with optional keys held. */
export async function drag(page: Page, x0: number, y0: number, x1: number, y1: number, opts: { steps?: number; hold?: string } = {}): Promise<void> {
  const steps = opts.steps ?? 10;
  await page.mouse.move(x0, y0);
  if (opts.hold) await page.keyboard.down(opts.hold);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps);
  await page.mouse.up();
  if (opts.hold) await page.keyboard.up(opts.hold);
}

/** Two people (Alice and Bob) with the same board open, both connected. */
export async function twoEditors(browser: Browser, base: string, editUrl: string): Promise<{ alice: Page; bob: Page }> {
  const alice = await (await personContext(browser, 'Alice', '#e03131')).newPage();
  const bob = await (await personContext(browser, 'Bob', '#2f9e44')).newPage();
  await Promise.all([alice.goto(base + editUrl), bob.goto(base + editUrl)]);
  await Promise.all([waitConnected(alice), waitConnected(bob)]);
  return { alice, bob };
}

/** Removes every shape (through the doc, as a remote change would) so each test starts clean. */
export async function clearBoard(page: Page, others: Page[] = []): Promise<void> {
  await page.evaluate(() => {
    const shapes = window.__wb!.doc.getMap('shapes');
    window.__wb!.doc.transact(() => {
      for (const k of [...shapes.keys()]) shapes.delete(k);
    });
  });
  for (const p of [page, ...others]) await waitShapeCount(p, 0);
}

/**
 * Number of canvas pixels of a colour whose alpha lies in [minAlpha, maxAlpha]: finds
 * semi-transparent ink (highlighter, trails), which the page's CSS background shows through.
 */
export function translucentPixels(page: Page, hex: string, minAlpha: number, maxAlpha: number): Promise<number> {
  return page.evaluate(
    ([color, lo, hi]) => {
      const r = parseInt(color.slice(1, 3), 16);
      const g = parseInt(color.slice(3, 5), 16);
      const b = parseInt(color.slice(5, 7), 16);
      let n = 0;
      for (const canvas of document.querySelectorAll('#board canvas')) {
        const c = canvas as HTMLCanvasElement;
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < data.length; i += 4) {
          const a = data[i + 3];
          if (a >= lo && a <= hi && Math.abs(data[i] - r) < 30 && Math.abs(data[i + 1] - g) < 30 && Math.abs(data[i + 2] - b) < 30) n++;
        }
      }
      return n;
    },
    [hex, minAlpha, maxAlpha] as const,
  );
}

export interface EditorsSuite {
  relay: RelayProcess;
  browser: Browser;
  room: RoomInfo;
  alice: Page;
  bob: Page;
}

/**
 * Registers the hooks of a describe block that needs one relay, one browser and two
 * editors (Alice and Bob) in one room; the returned object is filled in by beforeAll.
 */
export function twoEditorsSuite(opts: { defaultTimeoutMs?: number } = {}): EditorsSuite {
  const suite = {} as EditorsSuite;
  beforeAll(async () => {
    ensureClientBuilt();
    [suite.relay, suite.browser] = await Promise.all([startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR } }), launchBrowser()]);
    suite.room = await createRoom(suite.relay.http);
    Object.assign(suite, await twoEditors(suite.browser, suite.relay.http, suite.room.editUrl));
    // fail fast with a useful message rather than at the test timeout
    if (opts.defaultTimeoutMs) for (const p of [suite.alice, suite.bob]) p.setDefaultTimeout(opts.defaultTimeoutMs);
  }, 120_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.relay?.stop();
  });
  return suite;
}
