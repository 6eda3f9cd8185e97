/**
 * Offline-first in real Chromium: the board kept in IndexedDB and the app in the
 * service worker's cache, so a board opened before opens and takes edits with the
 * network cut and the tab closed, and they reach everyone once it is back.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { drawStroke, ensureClientBuilt, personContext, TEST_CLIENT_DIR, waitConnected } from './harness.ts';

const shapeTotal = (page: Page) => page.evaluate(() => window.__wb!.doc.getMap('shapes').size);
const badgeText = async (page: Page) => (await page.locator('#status').innerText()).replace(/\s+/g, ' ').trim();

describe('offline-first in real Chromium', () => {
  let browser: Browser;
  let relay: RelayProcess;
  beforeAll(async () => {
    ensureClientBuilt();
    browser = await launchBrowser();
    relay = await startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('edits made offline survive closing the tab, the board reopens with no network, and everything syncs once online', async () => {
    const room = await createRoom(relay.http);
    const url = `${relay.http}${room.editUrl}`;
    const alice = await personContext(browser, 'Alice', '#e03131');
    let page = await alice.newPage();
    await page.goto(url);
    await waitConnected(page);
    // the service worker has the app once it controls the page
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
    await drawStroke(page, 320, 300);
    await page.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 1);

    await alice.setOffline(true);
    await page.waitForFunction(() => !navigator.onLine);
    await drawStroke(page, 320, 380);
    await drawStroke(page, 320, 460);
    expect(await shapeTotal(page)).toBe(3);
    await expect.poll(() => badgeText(page)).toContain('Offline — saved on this device');
    // IndexedDB writes are asynchronous: give them a moment before the tab goes
    await page.waitForTimeout(300);
    await page.close();

    // the tab and its memory are gone; no network at all
    page = await alice.newPage();
    await page.goto(url);
    await page.waitForFunction(() => window.__wb?.doc.getMap('shapes').size === 3, null, { timeout: 20_000 });
    await expect.poll(() => badgeText(page)).toContain('Offline — saved on this device');
    await drawStroke(page, 320, 540);
    await page.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 4);
    await page.waitForTimeout(300);
    await page.close();

    // back online: a new tab syncs what was kept on the device, and another editor gets it
    await alice.setOffline(false);
    page = await alice.newPage();
    await page.goto(url);
    await waitConnected(page);
    const bobContext = await personContext(browser, 'Bob', '#1971c2');
    const bob = await bobContext.newPage();
    await bob.goto(url);
    await waitConnected(bob);
    await bob.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 4, null, { timeout: 20_000 });
    expect(await badgeText(page)).not.toContain('Offline');
    await alice.close();
    await bobContext.close();
  }, 120_000);
});
