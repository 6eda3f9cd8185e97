import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShapesDocument } from '../client/board/format.ts';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { ARTIFACTS, drawStroke, ensureClientBuilt, openSpectator, pickTool, TEST_CLIENT_DIR, twoEditors } from './harness.ts';
import { blockNextSeqs } from '../server/test/blockWrites.ts';

const MB = 1024 * 1024;

/**
 * A board file of about `bytes`: sticky notes holding long text (short lines, so laying
 * them out stays cheap), spread over the board. Text costs about as many bytes in the
 * JSON as in the document, so the file is about the size of the change it makes.
 */
function boardFile(bytes: number, tag: string): { json: string; count: number } {
  const line = `${tag} lorem ipsum dolor sit amet\n`;
  const text = line.repeat(Math.floor(20_000 / line.length));
  const shapes = [];
  for (let i = 0; shapes.length * text.length < bytes; i++) {
    shapes.push({ type: 'sticky', x: (i % 20) * 220, y: Math.floor(i / 20) * 220, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', fontSize: 16, text: `${i} ${text}` });
  }
  return { json: JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes }), count: shapes.length };
}

/** Names in the presence list. */
const people = (page: Page) => page.locator('#presence-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')).sort());
const shapeTotal = (page: Page) => page.evaluate(() => window.__wb!.doc.getMap('shapes').size);
/** The badge as read out (its parts are flex items, which innerText puts on lines of their own). */
const badgeText = async (page: Page) => (await page.locator('#status').innerText()).replace(/\s+/g, ' ').trim();

/** Waits until the relay's awareness state (with its limits) has reached the page. */
async function relayKnown(page: Page): Promise<void> {
  await page.waitForFunction(() => window.__wb!.relay!().maxDocBytes !== null, null, { timeout: 10_000 });
}

describe('large changes in real Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    ensureClientBuilt();
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  describe('a board with MAX_DOC_BYTES = 2 MB', () => {
    let relay: RelayProcess;
    beforeAll(async () => {
      relay = await startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR, MAX_DOC_BYTES: String(2 * MB) } });
    }, 60_000);
    afterAll(async () => {
      await relay?.stop();
    });

    it('an import over the limit is refused in words, kept as a file, nothing of it reaches anyone, and the session keeps syncing', async () => {
      const room = await createRoom(relay.http);
      const { alice, bob } = await twoEditors(browser, relay.http, room.editUrl);
      await relayKnown(alice);
      const { json, count } = boardFile(3 * MB, 'huge');
      expect(json.length).toBeGreaterThan(3 * MB);

      // the size check before sending refuses it without a round trip
      const said = await alice.evaluate((j) => window.__wb!.importBoard!(j), json);
      expect(said).toBe('This change is too large for the board (limit 2 MB). Nothing was added.');
      expect(await shapeTotal(alice)).toBe(0);

      // sent anyway (the check skipped): the relay refuses it, the editor takes it out and keeps it
      await alice.evaluate((j) => window.__wb!.importBoard!(j, { check: false }), json);
      const notice = alice.locator('#status-notice');
      await notice.waitFor({ state: 'visible', timeout: 20_000 });
      expect(await notice.innerText()).toContain('This change is too large for the board (limit 2 MB). It was kept on this device.');
      await alice.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 0, null, { timeout: 20_000 });
      await alice.screenshot({ path: `${ARTIFACTS}editor-change-refused.png` });
      const [download] = await Promise.all([alice.waitForEvent('download'), notice.locator('button[data-action="save-refused"]').click()]);
      const kept = parseShapesDocument(readFileSync((await download.path())!, 'utf8'));
      expect(kept.kind).toBe('whiteboard/board');
      expect(kept.shapes).toHaveLength(count);
      expect(kept.shapes[0].text).toContain('huge lorem ipsum');

      // it reconnects by itself (a refused change does not end the session) and the next stroke arrives
      await alice.waitForFunction(() => window.__wb!.status() === 'connected', null, { timeout: 20_000 });
      await drawStroke(alice, 200, 300, 250, 20);
      await bob.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 1, null, { timeout: 15_000 });
      expect(await shapeTotal(alice)).toBe(1);
      // presence and the relay's limits are back at once after the reconnect
      await expect.poll(() => people(alice)).toEqual(['Alice', 'Bob']);
      await expect.poll(() => people(bob)).toEqual(['Alice', 'Bob']);
      await relayKnown(alice);
      // the message stays until dismissed
      expect(await notice.isVisible()).toBe(true);
      expect(await badgeText(alice)).toContain('Connected');
      await notice.locator('button[data-action="dismiss-notice"]').click();
      expect(await notice.isVisible()).toBe(false);
      // nothing of the refused change ever reached Bob
      expect(await shapeTotal(bob)).toBe(1);
      await alice.context().close();
      await bob.context().close();
    }, 120_000);
  });

  describe('a board with the default limits', () => {
    let relay: RelayProcess;
    beforeAll(async () => {
      relay = await startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR } });
    }, 60_000);
    afterAll(async () => {
      await relay?.stop();
    });

    it('a 10 MB board file imported in the browser reaches the other editor and a spectator', async () => {
      const room = await createRoom(relay.http);
      const { alice, bob } = await twoEditors(browser, relay.http, room.editUrl);
      const viewer = await openSpectator(browser, relay.http + room.viewUrl);
      await relayKnown(alice);
      const { json, count } = boardFile(10 * MB, 'ten');
      expect(json.length).toBeGreaterThan(10 * MB);
      const said = await alice.evaluate((j) => window.__wb!.importBoard!(j), json);
      expect(said).toBe(`Imported ${count} shapes.`);
      await bob.waitForFunction((n) => window.__wb!.doc.getMap('shapes').size === n, count, { timeout: 90_000 });
      await viewer.waitForFunction((n) => window.__wb!.doc.getMap('shapes').size === n, count, { timeout: 90_000 });
      expect(await alice.locator('#status-notice').isVisible()).toBe(false);
      expect(await badgeText(alice)).toContain('Connected');
      for (const p of [alice, bob, viewer]) await p.context().close();
    }, 180_000);

    it('"not saving" while the relay cannot write the board, back to normal when it can; edits made meanwhile arrive', async () => {
      const room = await createRoom(relay.http);
      const { alice, bob } = await twoEditors(browser, relay.http, room.editUrl);
      await drawStroke(alice, 300, 250, 200, 15);
      await bob.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 1, null, { timeout: 15_000 });

      const unblock = blockNextSeqs(relay.dataDir, room.id);
      await drawStroke(alice, 300, 350, 200, 15);
      for (const page of [alice, bob]) {
        await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-saving') === 'false', null, { timeout: 15_000 });
        expect(await badgeText(page)).toContain('Not saving — changes kept on this device, retrying');
      }
      await alice.screenshot({ path: `${ARTIFACTS}editor-not-saving.png` });
      // the next edit is refused with 4507 and resent on each reconnect: still "not saving", not an error
      await drawStroke(alice, 300, 450, 200, 15);
      await expect.poll(() => relay.logs.some((l) => l.msg === 'rejected frame' && l.code === 4507), { timeout: 15_000 }).toBe(true);
      await alice.waitForTimeout(500);
      expect(await badgeText(alice)).toContain('Not saving — changes kept on this device, retrying');
      expect(await alice.locator('#status').getAttribute('data-state')).not.toBe('offline');
      expect(await alice.locator('#status').getAttribute('data-reason')).toBeNull();
      expect(await shapeTotal(alice)).toBe(3);

      unblock();
      for (const page of [alice, bob]) {
        await page.waitForFunction(() => document.querySelector('#status')?.getAttribute('data-saving') === 'true' && window.__wb!.status() === 'connected', null, { timeout: 20_000 });
        expect(await badgeText(page)).toContain('Connected');
      }
      await bob.waitForFunction(() => window.__wb!.doc.getMap('shapes').size === 3, null, { timeout: 20_000 });
      // the reconnects after each 4507 did not cost anyone their presence
      await expect.poll(() => people(alice)).toEqual(['Alice', 'Bob']);
      await expect.poll(() => people(bob)).toEqual(['Alice', 'Bob']);
      await alice.context().close();
      await bob.context().close();
    }, 120_000);
  });

  describe('a relay with MAX_FRAME_BYTES = 512 KiB', () => {
    let relay: RelayProcess;
    beforeAll(async () => {
      relay = await startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR, MAX_FRAME_BYTES: String(512 * 1024) } });
    }, 60_000);
    afterAll(async () => {
      await relay?.stop();
    });

    it('3 MB of edits made offline (six times the frame limit) arrive once back online, at the other editor and the spectator', async () => {
      const room = await createRoom(relay.http);
      const { alice: first, bob } = await twoEditors(browser, relay.http, room.editUrl);
      const viewer = await openSpectator(browser, relay.http + room.viewUrl);
      // Chromium's offline emulation leaves open sockets open: reopen the board with the network cut
      await first.waitForFunction(() => navigator.serviceWorker?.controller !== null, null, { timeout: 20_000 });
      await relayKnown(first);
      const context = first.context();
      await first.close();
      await context.setOffline(true);
      const alice = await context.newPage();
      await alice.goto(relay.http + room.editUrl);
      await expect.poll(() => badgeText(alice), { timeout: 20_000 }).toContain('Offline — saved on this device');
      const { json, count } = boardFile(3 * MB, 'away');
      expect(await alice.evaluate((j) => window.__wb!.importBoard!(j), json)).toBe(`Imported ${count} shapes.`);
      await pickTool(alice, 'p'); // the import leaves its shapes selected with the select tool
      await drawStroke(alice, 200, 300, 250, 20);
      expect(await shapeTotal(alice)).toBe(count + 1);
      await alice.waitForTimeout(300);
      expect(await shapeTotal(bob)).toBe(0);

      // back online: the reconnect's sync step 2 carries all of it
      await context.setOffline(false);
      for (const page of [bob, viewer]) await page.waitForFunction((n) => window.__wb!.doc.getMap('shapes').size === n, count + 1, { timeout: 60_000 });
      await alice.waitForFunction(() => window.__wb!.status() === 'connected', null, { timeout: 20_000 });
      expect(relay.logs.filter((l) => l.msg === 'rejected frame')).toEqual([]);
      expect(await alice.locator('#status-notice').isVisible()).toBe(false);
      // and the session goes on both ways
      await drawStroke(bob, 200, 450, 250, 20);
      await alice.waitForFunction((n) => window.__wb!.doc.getMap('shapes').size === n, count + 2, { timeout: 15_000 });
      for (const p of [alice, bob, viewer]) await p.context().close();
    }, 180_000);
  });
});
