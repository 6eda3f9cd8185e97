import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { createRoom } from '../server/test/clients.ts';
import { launchBrowser } from './browser.ts';
import { ARTIFACTS, drawStroke, ensureClientBuilt, personContext, shapeCount, waitConnected } from './harness.ts';

describe('links, not-found pages and connection state in real Chromium', () => {
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

  it('opening / lands on a new board’s edit link; the share dialog shows both links', async () => {
    const page = await (await personContext(browser, 'Carol', '#7048e8')).newPage();
    await page.goto(relay.http + '/');
    // the landing page creates the board (POST /api/rooms) and then moves to its edit link
    await page.waitForURL(/\/r\/[A-Za-z0-9_-]{22}$/, { timeout: 15_000 });
    expect(new URL(page.url()).pathname).toMatch(/^\/r\/[A-Za-z0-9_-]{22}$/);
    await waitConnected(page);
    await page.locator('#share-button').click();
    const edit = await page.locator('#share-edit-url').inputValue();
    const view = await page.locator('#share-view-url').inputValue();
    expect(edit).toBe(page.url());
    expect(view).toMatch(new RegExp(`^${relay.http}/v/[A-Za-z0-9_-]{22}$`));
    expect(view).not.toContain(new URL(edit).pathname.slice(3));
    await page.context().close();
  });

  it('unknown and malformed links show a not-found page, not a blank canvas', async () => {
    const page = await browser.newPage();
    for (const path of ['/r/AAAAAAAAAAAAAAAAAAAAAA', '/v/AAAAAAAAAAAAAAAAAAAAAA', '/r/oops']) {
      const res = await page.goto(relay.http + path);
      expect(res?.status(), path).toBe(404);
      await expect.poll(() => page.locator('#not-found').isVisible()).toBe(true);
      expect(await page.locator('#board canvas').count()).toBe(0);
    }
    await page.close();
  });

  it('shows reconnecting while the relay is down, keeps strokes drawn meanwhile, and syncs them on reconnect', async () => {
    const dataDir = relay.dataDir;
    const port = relay.port;
    const room = await createRoom(relay.http);
    const alice = await (await personContext(browser, 'Alice', '#e03131')).newPage();
    const bob = await (await personContext(browser, 'Bob', '#2f9e44')).newPage();
    await Promise.all([alice.goto(relay.http + room.editUrl), bob.goto(relay.http + room.editUrl)]);
    await Promise.all([waitConnected(alice), waitConnected(bob)]);

    await relay.stop('SIGTERM');
    await alice.waitForFunction(() => ['reconnecting', 'offline'].includes(window.__wb!.status()), null, { timeout: 10_000 });
    expect(await alice.locator('#status').getAttribute('data-state')).toMatch(/reconnecting|offline/);
    await alice.screenshot({ path: `${ARTIFACTS}editor-reconnecting.png` });

    await drawStroke(alice, 200, 300, 250, 20);
    expect(await shapeCount(alice)).toBe(1);
    expect(await shapeCount(bob)).toBe(0);

    relay = await startRelay({ dataDir, env: { PORT: String(port) } });
    await Promise.all([waitConnected(alice), waitConnected(bob)]);
    await bob.waitForFunction(() => window.__wb!.renderedShapeCount() === 1, null, { timeout: 15_000 });
    await alice.context().close();
    await bob.context().close();
  });
});
