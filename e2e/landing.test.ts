/**
 * Opening `/` in a browser: the relay serves the app (GET never creates a room), the
 * app creates a board with POST /api/rooms and lands on its edit link, and the board
 * works under the relay's Content-Security-Policy without a single violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { drawStroke, ensureClientBuilt, personContext, pickTool, shapeCount, waitConnected, waitShapeCount } from './harness.ts';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

describe('the landing page in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay(), launchBrowser()]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('opening / ends on /r/<id> with a working board, under the CSP', async () => {
    const context = await personContext(browser, 'Dana', '#0c8599');
    // recorded from the first script on, before the app runs
    await context.addInitScript(() => {
      window.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(new URL(r.url()).pathname));

    const res = await page.goto(`${relay.http}/`);
    expect(res?.status()).toBe(200);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/, { timeout: 15_000 });
    expect(posts).toEqual(['/api/rooms']);
    const roomId = new URL(page.url()).pathname.slice(3);
    expect((await fetch(`${relay.http}/api/rooms/${roomId}`)).status).toBe(200);

    await waitConnected(page);
    await drawStroke(page, 200, 300, 250, 20);
    await waitShapeCount(page, 1);
    // the eraser's cursor is a data: image, allowed by img-src
    await pickTool(page, 'e');
    await drawStroke(page, 200, 300, 250, 20);
    await waitShapeCount(page, 0);
    expect(await shapeCount(page)).toBe(0);
    expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
    // the landing page replaced itself: Back leaves the app instead of making yet another board
    await page.goBack();
    expect(page.url()).not.toBe(`${relay.http}/`);
    await context.close();
  });
});
