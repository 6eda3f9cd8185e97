import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RoomInfo } from '../shared/api.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { createRoom } from '../server/test/clients.ts';
import { launchBrowser } from './browser.ts';
import { ARTIFACTS, drawStroke, ensureClientBuilt, personContext, pixelsOfColor, shapeCount, waitConnected } from './harness.ts';

const INK = '#1971c2';

describe('drawing together in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let alice: Page;
  let bob: Page;
  let viewer: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay(), launchBrowser()]);
    room = await createRoom(relay.http);
    alice = await (await personContext(browser, 'Alice', '#e03131')).newPage();
    bob = await (await personContext(browser, 'Bob', '#2f9e44')).newPage();
    await Promise.all([alice.goto(relay.http + room.editUrl), bob.goto(relay.http + room.editUrl)]);
    await Promise.all([waitConnected(alice), waitConnected(bob)]);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('a stroke drawn with the mouse appears on the other editor’s canvas while it is drawn', async () => {
    await alice.locator(`#toolbar button[data-color="${INK}"]`).click();
    expect(await pixelsOfColor(bob, INK)).toBe(0);
    // Pen down and moving, not yet released: Bob already sees the stroke.
    await drawStroke(alice, 200, 300, 300, 30, { release: false });
    await bob.waitForFunction(() => window.__wb!.renderedShapeCount() === 1, null, { timeout: 10_000 });
    await alice.mouse.up();
    await bob.waitForFunction(() => {
      const s = window.__wb!.doc.getMap('shapes');
      // a finished stroke is one chunk whose header carries the points' bounds (flag 2,
      // client/board/strokeHeader.ts; bounds imply done)
      return [...s.values()].some((m) => {
        const ps = (m as { get(k: string): unknown }).get('ps') as { length: number; get(i: number): Uint8Array } | undefined;
        return ps !== undefined && ps.length === 1 && (ps.get(0)[0] & 2) === 2;
      });
    });
    await bob.waitForTimeout(300);
    expect(await shapeCount(alice)).toBe(1);
    expect(await pixelsOfColor(bob, INK)).toBeGreaterThan(300);
  });

  it('each editor sees the other’s cursor with their name, and the presence list', async () => {
    await alice.mouse.move(500, 450);
    await alice.mouse.move(520, 460);
    await bob.waitForFunction(
      () => window.__wb!.remoteCursors().some((c) => c.name === 'Alice' && Math.abs(c.x - 520) < 40 && Math.abs(c.y - 460) < 40),
      null,
      { timeout: 10_000 },
    );
    await bob.mouse.move(300, 200);
    await alice.waitForFunction(() => window.__wb!.remoteCursors().some((c) => c.name === 'Bob'), null, { timeout: 10_000 });
    const names = await bob.locator('#presence-list li').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
    expect(names.sort()).toEqual(['Alice', 'Bob']);
  });

  it('a spectator sees the stroke and the cursor live, read-only, and cannot draw', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 } });
    viewer = await ctx.newPage();
    await viewer.goto(relay.http + room.viewUrl);
    await viewer.waitForFunction(() => window.__wb?.mode === 'view' && window.__wb.renderedShapeCount() === 1, null, { timeout: 20_000 });
    await expect.poll(() => viewer.locator('#view-only').isVisible()).toBe(true);
    expect(await viewer.locator('#toolbar button[data-tool="pen"]').count()).toBe(0);
    expect(await pixelsOfColor(viewer, INK)).toBeGreaterThan(300);

    // Live: a cursor move and a new stroke by Alice reach the spectator.
    await alice.mouse.move(640, 380);
    await viewer.waitForFunction(
      () => window.__wb!.remoteCursors().some((c) => c.name === 'Alice' && Math.abs(c.x - 640) < 40 && Math.abs(c.y - 380) < 40),
      null,
      { timeout: 10_000 },
    );
    await drawStroke(alice, 200, 550, 200, 15);
    await viewer.waitForFunction(() => window.__wb!.renderedShapeCount() === 2, null, { timeout: 10_000 });
    // Editors are told someone watches.
    await alice.waitForFunction(() => document.querySelector('#spectator-count')?.getAttribute('data-count') === '1', null, { timeout: 10_000 });

    // Dragging on the spectator page changes nothing anywhere.
    await drawStroke(viewer, 150, 150, 300, 20);
    await alice.waitForTimeout(500);
    expect(await shapeCount(viewer)).toBe(2);
    expect(await alice.evaluate(() => window.__wb!.doc.getMap('shapes').size)).toBe(2);
  });

  it('undo takes back only my own stroke', async () => {
    await drawStroke(bob, 250, 150, 200, 15);
    await alice.waitForFunction(() => window.__wb!.renderedShapeCount() === 3, null, { timeout: 10_000 });
    await bob.keyboard.press('Control+z');
    await alice.waitForFunction(() => window.__wb!.renderedShapeCount() === 2, null, { timeout: 10_000 });
    // Bob's undo stack holds nothing of Alice's: a second undo leaves her strokes alone.
    await bob.keyboard.press('Control+z');
    await bob.waitForTimeout(400);
    expect(await shapeCount(alice)).toBe(2);
    await bob.keyboard.press('Control+Shift+z');
    await alice.waitForFunction(() => window.__wb!.renderedShapeCount() === 3, null, { timeout: 10_000 });
  });

  it('after a full reload the strokes are still there; screenshots of each view are saved', async () => {
    await bob.reload();
    await waitConnected(bob);
    await bob.waitForFunction(() => window.__wb!.renderedShapeCount() === 3, null, { timeout: 10_000 });
    expect(await pixelsOfColor(bob, INK)).toBeGreaterThan(300);
    await viewer.waitForFunction(() => window.__wb!.renderedShapeCount() === 3, null, { timeout: 10_000 });
    await alice.screenshot({ path: `${ARTIFACTS}editor-alice.png` });
    await bob.screenshot({ path: `${ARTIFACTS}editor-bob.png` });
    await viewer.screenshot({ path: `${ARTIFACTS}spectator.png` });
  });
});
