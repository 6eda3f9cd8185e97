/**
 * Snapping in real Chromium with two editors and a spectator: a move lines a shape up
 * with another's edge (a guide shows while it does), Alt moves freely, the grid (Ctrl+')
 * catches what no shape line does, and a resize handle snaps its edge; every position
 * is the same on the other editor's page and the spectator's.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { GUIDE_COLOR } from '../client/render/guides.ts';
import { drag, openSpectator, pickTool, renderedShapes, translucentPixels, twoEditorsSuite } from './harness.ts';

const s = twoEditorsSuite();

/** The guide is a 1 px line: mostly pixels it half covers. */
const guidePixels = (page: Page) => translucentPixels(page, GUIDE_COLOR, 60, 255);

type Drawn = Awaited<ReturnType<typeof renderedShapes>>[number];
const byId = async (page: Page, id: string): Promise<Drawn> => (await renderedShapes(page)).find((x) => x.id === id)!;

/** Waits until every page draws shape `id` with `check` true. */
async function everywhere(pages: Page[], id: string, check: (d: Drawn) => boolean): Promise<void> {
  for (const page of pages) await expect.poll(async () => check(await byId(page, id)), { timeout: 10_000 }).toBe(true);
}

describe('snapping and the grid', () => {
  it('moves snap to other shapes with a guide, Alt moves freely, the grid catches the rest, a handle snaps its edge', async () => {
    const { alice, bob } = s;
    const viewer = await openSpectator(s.browser, s.relay.http + s.room.viewUrl);
    const pages = [alice, bob, viewer];

    // (clear of the style panel on the left, which the rect tool opens)
    await pickTool(alice, 'r');
    await drag(alice, 450, 200, 550, 300);
    await pickTool(alice, 'r');
    await drag(alice, 750, 400, 830, 480);
    await expect.poll(async () => (await renderedShapes(viewer)).length, { timeout: 15_000 }).toBe(2);
    const [a, b] = await renderedShapes(alice);
    expect([a.x, a.width, b.width]).toEqual([450, 100, 80]);

    // dragged to 5 px right of A's left edge: it lands on it, and a guide shows meanwhile
    await pickTool(alice, 'v');
    const grab = { x: b.x + 40, y: b.y + 40 };
    const dx = a.x + 5 - b.x;
    await alice.mouse.move(grab.x, grab.y);
    await alice.mouse.down();
    for (let i = 1; i <= 10; i++) await alice.mouse.move(grab.x + (dx * i) / 10, grab.y);
    await expect.poll(() => guidePixels(alice), { timeout: 5000 }).toBeGreaterThan(200);
    await alice.mouse.up();
    await everywhere(pages, b.id, (d) => d.x === a.x && d.y === b.y);
    await expect.poll(() => guidePixels(alice)).toBe(0);

    // the same 5 px with Alt held: no snapping
    await alice.keyboard.down('Alt');
    await drag(alice, a.x + 40, grab.y, a.x + 45, grab.y, { steps: 5 });
    await alice.keyboard.up('Alt');
    await everywhere(pages, b.id, (d) => d.x === a.x + 5);

    // the grid: a move far from any shape line ends on a grid point
    await alice.keyboard.press("Control+'");
    expect(await alice.locator('#board').getAttribute('class')).toContain('grid-on');
    await drag(alice, a.x + 45, grab.y, a.x + 75, grab.y + 7, { steps: 6 });
    await everywhere(pages, b.id, (d) => d.x === 480 && d.y === 400);
    await alice.keyboard.press("Control+'");
    expect(await alice.locator('#board').getAttribute('class')).not.toContain('grid-on');

    // resizing A by its right handle (4 px outside its edge at 550) to 5 px short of B's right edge (560)
    await alice.mouse.click(500, 250);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([a.id]);
    await drag(alice, 554, 250, 559, 250, { steps: 5 });
    await everywhere(pages, a.id, (d) => Math.abs(d.x + d.width - 560) < 0.01);
    // the menu shows and hides the grid too, and says which it will do
    await alice.locator('#menu-button').click();
    await alice.locator('[data-action="grid"]').click();
    expect(await alice.locator('#board').getAttribute('class')).toContain('grid-on');
    await alice.locator('#menu-button').click();
    expect(await alice.locator('[data-action="grid"]').innerText()).toContain('Hide grid');
    await alice.locator('[data-action="grid"]').click();
    expect(await alice.locator('#board').getAttribute('class')).not.toContain('grid-on');
    await viewer.context().close();
  }, 90_000);
});
