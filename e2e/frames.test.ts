/**
 * Frames and presentation in real Chromium, two editors (Alice and Bob) and a spectator
 * on one board: a frame drawn with the frame tool takes the shapes inside it and moves
 * them along for everyone; renamed by a double-click on its name, found by Ctrl+F;
 * drawing into it, dragging out of it and undo; turned by its rotate handle, it turns its
 * members with it; Alice presents, and Bob (following her)
 * and the spectator are shown her frame, fitted to their own screens, frame after frame
 * as she presses ArrowRight; one frame's SVG export holds only that frame's shapes.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RoomInfo } from '../shared/api.ts';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { clearBoard, drag, ensureClientBuilt, openSpectator, pickTool, renderedShapes, TEST_CLIENT_DIR, twoEditors, waitShapeCount } from './harness.ts';

const VIEW = { width: 1100, height: 700 };
const board = (shapes: object[]) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes });
const rect = (x: number, y: number, color = '#e03131', extra: object = {}) => ({ type: 'rect', x, y, w: 80, h: 60, color, width: 4, fill: 'solid', ...extra });
const frameJson = (x: number, y: number, w: number, h: number, name: string) => ({ type: 'frame', x, y, w, h, color: '#1e1e1e', width: 4, name });

type Field = string | number | null;
const field = (p: Page, id: string, key: string) =>
  p.evaluate(([i, k]) => ((window.__wb!.doc.getMap('shapes').get(i) as import('yjs').Map<unknown> | undefined)?.get(k) ?? null) as Field, [id, key] as const);
const camera = (p: Page) => p.evaluate(() => window.__wb!.camera());
const byType = async (p: Page, type: string) => (await renderedShapes(p)).filter((s) => s.type === type);
const xy = async (p: Page, id: string) => {
  const s = (await renderedShapes(p)).find((r) => r.id === id);
  return s ? { x: s.x, y: s.y } : null;
};

/** Where on this page's screen a board point is. */
async function onScreen(p: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const c = await camera(p);
  return { x: x * c.scale + c.x, y: y * c.scale + c.y };
}

/** The page's camera fits the frame: centred on the screen, the frame as large as it fits (16 px margin). */
async function expectFitted(p: Page, f: { x: number; y: number; w: number; h: number }): Promise<void> {
  const scale = Math.min(8, (VIEW.width - 32) / f.w, (VIEW.height - 32) / f.h);
  await expect.poll(async () => Math.round((await camera(p)).scale * 1000) / 1000, { timeout: 10_000 }).toBe(Math.round(scale * 1000) / 1000);
  const c = await onScreen(p, f.x + f.w / 2, f.y + f.h / 2);
  expect(Math.abs(c.x - VIEW.width / 2)).toBeLessThan(2);
  expect(Math.abs(c.y - VIEW.height / 2)).toBeLessThan(2);
}

describe('frames and presentation in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let alice: Page;
  let bob: Page;
  let viewer: Page;

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay({ env: { CLIENT_DIR: TEST_CLIENT_DIR } }), launchBrowser()]);
    room = await createRoom(relay.http);
    ({ alice, bob } = await twoEditors(browser, relay.http, room.editUrl));
    viewer = await openSpectator(browser, relay.http + room.viewUrl);
    for (const p of [alice, bob, viewer]) p.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  /** Opens a board file on Alice's page and waits until everyone shows its shapes. */
  async function load(shapes: object[]): Promise<string[]> {
    await clearBoard(alice, [bob, viewer]);
    expect(await alice.evaluate((f) => window.__wb!.importBoard!(f), board(shapes))).toContain(`Imported ${shapes.length}`);
    for (const p of [alice, bob, viewer]) await waitShapeCount(p, shapes.length);
    for (const p of [alice, bob]) {
      await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
      await p.keyboard.press('Escape');
    }
    // the import zoomed Alice's view to fit; back to 100 % around the same centre (positions below go through onScreen)
    await alice.keyboard.press('Control+0');
    return (await renderedShapes(alice)).map((s) => s.id);
  }

  it('a frame drawn with the tool takes the shapes inside it; Bob and the spectator see it move them along', async () => {
    const [inside1, inside2, outside] = await load([rect(300, 250), rect(420, 300, '#1971c2'), rect(800, 500, '#2f9e44')]);
    await pickTool(alice, 'f');
    const [a, b] = [await onScreen(alice, 250, 200), await onScreen(alice, 650, 450)];
    await drag(alice, a.x, a.y, b.x, b.y);
    await expect.poll(() => byType(bob, 'frame').then((l) => l.length)).toBe(1);
    const [frame] = await byType(bob, 'frame');
    expect(await alice.evaluate(() => window.__wb!.selection!())).toEqual([frame.id]);
    for (const p of [alice, bob]) {
      await expect.poll(() => field(p, inside1, 'fr')).toBe(frame.id);
      expect(await field(p, inside2, 'fr')).toBe(frame.id);
      expect(await field(p, outside, 'fr')).toBeNull();
    }
    // Alice drags the frame by its name (a click inside a frame reaches what it holds)
    await alice.keyboard.press('Escape');
    const s = await onScreen(alice, 260, 190);
    const t = await onScreen(alice, 460, 290);
    await drag(alice, s.x, s.y, t.x, t.y);
    // (the mouse lands on whole screen pixels: the move is 200, 100 within a pixel or two)
    await expect.poll(async () => ((await xy(bob, frame.id))?.x ?? 0) > 400).toBe(true);
    const moved = (await xy(bob, frame.id))!;
    const [dx, dy] = [moved.x - 250, moved.y - 200];
    expect(Math.abs(dx - 200)).toBeLessThan(3);
    expect(Math.abs(dy - 100)).toBeLessThan(3);
    for (const p of [bob, viewer]) {
      await expect.poll(() => xy(p, frame.id)).toEqual(moved);
      await expect.poll(() => xy(p, inside1)).toEqual({ x: 300 + dx, y: 250 + dy });
      expect(await xy(p, inside2)).toEqual({ x: 420 + dx, y: 300 + dy });
      expect(await xy(p, outside)).toEqual({ x: 800, y: 500 });
    }
    // one undo step puts the frame and what it holds back, for everyone
    await alice.keyboard.press('Control+z');
    for (const p of [bob, viewer]) await expect.poll(() => xy(p, inside1)).toEqual({ x: 300, y: 250 });
    expect(await xy(bob, frame.id)).toEqual({ x: 250, y: 200 });
  });

  it('a shape drawn inside joins the frame and is clipped to it; dragged out it leaves; undo takes each back', async () => {
    const [frame] = (await byType(alice, 'frame')).map((f) => f.id);
    // a rectangle drawn across the frame's right edge, its centre inside: it joins and is cut at the edge
    await pickTool(alice, 'r');
    const [a, b] = [await onScreen(alice, 560, 380), await onScreen(alice, 720, 420)];
    await drag(alice, a.x, a.y, b.x, b.y);
    const drawn = (await alice.evaluate(() => window.__wb!.selection!()))[0];
    await expect.poll(() => field(bob, drawn, 'fr')).toBe(frame);
    // its outline (y 380) is painted inside the frame, and not past the frame's edge (x 650)
    const ink = async (p: Page, x: number, y: number) => {
      const at = await onScreen(p, x, y);
      return p.evaluate(({ x, y }) => {
        let alpha = 0;
        for (const c of document.querySelectorAll<HTMLCanvasElement>('#board canvas')) {
          const k = c.width / c.clientWidth;
          // a 7 × 7 px patch around the point: the outline is thin
          const d = c.getContext('2d')!.getImageData(Math.round((x - 3) * k), Math.round((y - 3) * k), Math.round(7 * k), Math.round(7 * k)).data;
          for (let i = 3; i < d.length; i += 4) alpha = Math.max(alpha, d[i]);
        }
        return alpha;
      }, at);
    };
    for (const p of [bob, viewer]) {
      await expect.poll(() => ink(p, 600, 380), { timeout: 10_000 }).toBeGreaterThan(200);
      expect(await ink(p, 690, 380)).toBe(0);
    }
    // dragged out of the frame: it leaves (and is painted whole)
    await pickTool(alice, 'v');
    const [c, d] = [await onScreen(alice, 600, 400), await onScreen(alice, 1000, 600)];
    await drag(alice, c.x, c.y, d.x, d.y);
    await expect.poll(() => field(bob, drawn, 'fr')).toBeNull();
    await alice.keyboard.press('Control+z');
    await expect.poll(() => field(bob, drawn, 'fr')).toBe(frame);
    await alice.keyboard.press('Control+z');
    await expect.poll(() => (bob.evaluate((id) => window.__wb!.doc.getMap('shapes').has(id), drawn))).toBe(false);
  });

  it("turning a frame by its rotate handle turns its rectangle with it for Bob and the spectator; one undo turns both back", async () => {
    const [frame, member] = await load([frameJson(250, 200, 400, 250, ''), rect(300, 250, '#e03131', { frame: 0 })]);
    expect(await field(alice, member, 'fr')).toBe(frame);
    await pickTool(alice, 'v');
    const label = await onScreen(alice, 262, 190);
    await alice.mouse.click(label.x, label.y);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([frame]);
    // the rotate handle sits 28 px (padding 4 + offset 24) above the top edge's middle; dragged level with the centre, to its right: 90°
    const top = await onScreen(alice, 450, 200);
    const mid = await onScreen(alice, 450, 325);
    await drag(alice, top.x, top.y - 28, mid.x + 250, mid.y, { steps: 12 });
    const near = (a: number, b: number) => Math.abs(a - b) < 0.05;
    const placed = async (p: Page, id: string) => (await renderedShapes(p)).find((s) => s.id === id);
    for (const p of [alice, bob, viewer]) {
      // turned about the frame's centre (450, 325): the frame's origin goes to (575, 125), the rectangle's (300, 250) to (525, 175)
      await expect.poll(async () => {
        const [f, r] = [await placed(p, frame), await placed(p, member)];
        return !!f && !!r && near(f.rotation, 90) && near(f.x, 575) && near(f.y, 125) && near(r.rotation, 90) && near(r.x, 525) && near(r.y, 175);
      }).toBe(true);
    }
    expect(await field(bob, member, 'fr')).toBe(frame);
    await alice.keyboard.press('Control+z');
    for (const p of [bob, viewer]) {
      await expect.poll(async () => {
        const [f, r] = [await placed(p, frame), await placed(p, member)];
        return !!f && !!r && near(f.rotation, 0) && near(f.x, 250) && near(r.rotation, 0) && near(r.x, 300) && near(r.y, 250);
      }).toBe(true);
    }
  });

  it('a double-click on its name renames it for everyone (as text); Ctrl+F finds it by name', async () => {
    const [frame] = await byType(alice, 'frame');
    await pickTool(alice, 'v');
    const s = await onScreen(alice, 262, 190);
    await alice.mouse.dblclick(s.x, s.y);
    const input = alice.locator(`input.frame-rename[data-frame="${frame.id}"]`);
    await expect.poll(() => input.isVisible()).toBe(true);
    await input.fill('<img src=x onerror=alert(1)> Roadmap');
    await input.press('Enter');
    for (const p of [alice, bob]) await expect.poll(() => field(p, frame.id, 'nm')).toBe('<img src=x onerror=alert(1)> Roadmap');
    expect(await bob.evaluate(() => document.querySelectorAll('img[src="x"]').length)).toBe(0);
    await alice.keyboard.press('Control+f');
    await alice.keyboard.type('roadmap');
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('1 of 1');
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([frame.id]);
    await alice.keyboard.press('Escape');
    // undo takes the name back
    await alice.mouse.click(1000, 650);
    await alice.keyboard.press('Control+z');
    await expect.poll(() => field(bob, frame.id, 'nm')).toBeNull();
  });

  it('Alice presents: Bob, following her, and the spectator are shown her frame; ArrowRight shows the next for all three; Escape ends it', async () => {
    const frames = [frameJson(0, 0, 400, 300, 'One'), frameJson(1000, 500, 800, 300, 'Two'), frameJson(-600, 900, 200, 200, 'Three')];
    await load([...frames, rect(50, 50), rect(1100, 550, '#1971c2'), rect(-550, 950, '#2f9e44')]);
    // Bob is offered to follow the presenter once she starts
    await alice.locator('#present-button').click();
    await expect.poll(() => alice.locator('#present-count').textContent()).toBe('1 / 3');
    expect(await alice.locator('#present-title').textContent()).toBe('One');
    await expect.poll(() => alice.evaluate(() => document.querySelector('#toolbar')!.checkVisibility())).toBe(false);
    await expectFitted(alice, frames[0]);
    await expectFitted(viewer, frames[0]);
    await expect.poll(() => viewer.evaluate(() => document.querySelector('#view-only')!.checkVisibility())).toBe(false);
    await bob.locator('button[data-action="follow-presenter"]').click();
    await expectFitted(bob, frames[0]);

    await alice.keyboard.press('ArrowRight');
    await expect.poll(() => alice.locator('#present-count').textContent()).toBe('2 / 3');
    // the arrow stepped, it did not nudge anything
    expect(await alice.evaluate(() => window.__wb!.selection!())).toEqual([]);
    for (const p of [alice, bob, viewer]) await expectFitted(p, frames[1]);
    await alice.keyboard.press('ArrowRight');
    for (const p of [alice, bob, viewer]) await expectFitted(p, frames[2]);
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('ArrowLeft');
    for (const p of [alice, bob, viewer]) await expectFitted(p, frames[1]);

    // the spectator pans away: paused until Alice moves on
    const before = await camera(viewer);
    await drag(viewer, 500, 300, 300, 200);
    await expect.poll(async () => (await camera(viewer)).x).not.toBe(before.x);
    await alice.keyboard.press('ArrowLeft');
    await expectFitted(viewer, frames[0]);

    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.evaluate(() => document.querySelector('#toolbar')!.checkVisibility())).toBe(true);
    await expect.poll(() => viewer.evaluate(() => document.querySelector('#view-only')!.checkVisibility())).toBe(true);
    // nothing was moved by the keys
    const shapes = await renderedShapes(bob);
    expect(shapes.find((s) => s.type === 'frame')).toMatchObject({ x: 0, y: 0 });
    await bob.mouse.click(1000, 650);
    await bob.keyboard.press('Control+0');
  });

  it("exporting one frame gives an SVG of that frame's shapes only, cut to the frame", async () => {
    await alice.keyboard.press('Escape');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="export-image"]').click();
    const names = await alice.locator('#export-frame option').allTextContents();
    expect(names).toEqual(['None (the board or the selection)', 'One', 'Two', 'Three']);
    const two = await alice.locator('#export-frame option', { hasText: 'Two' }).getAttribute('value');
    await alice.locator('#export-frame').selectOption(two!);
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.locator('button[data-export="svg"]').click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    expect(svg).toContain('viewBox="1000 500 800 300"');
    expect(svg.match(/<g transform=/g)).toHaveLength(1);
    expect(svg).toContain('#1971c2');
    expect(svg).not.toContain('#e03131');
    expect(svg).not.toContain('#2f9e44');
    expect(svg).toContain('clip-path="url(#frame-clip-0)"');
  });
});
