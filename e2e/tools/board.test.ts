/**
 * Board features in real Chromium: hand and zoom (shortcuts, zoom to fit), export PNG /
 * SVG / copy PNG, board JSON save and open (and a clear error for a bad file), theme,
 * follow mode, idle presence, touch (one finger draws, two pan and pinch), and the
 * spectator page rendering every shape type.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { RoomInfo } from '../../shared/api.ts';
import type { RelayProcess } from '../../server/test/relayProcess.ts';
import { createRoom } from '../../server/test/clients.ts';
import { clearBoard, drag, personContext, pickTool, renderedShapes, waitConnected, waitShapeCount, twoEditorsSuite } from '../harness.ts';

const camera = (p: Page) => p.evaluate(() => window.__wb!.camera());

/** One board with every shape type, in the documented file format (docs/board-format.md). */
const ALL_TYPES = JSON.stringify({
  kind: 'whiteboard/board',
  version: 1,
  shapes: [
    { type: 'stroke', x: 300, y: 200, color: '#1971c2', width: 4, points: [0, 0, 0.5, 40, 10, 0.5, 80, 0, 0.5] },
    { type: 'stroke', x: 300, y: 240, color: '#f08c00', width: 8, highlighter: true, points: [0, 0, 0.5, 80, 0, 0.5] },
    { type: 'rect', x: 420, y: 180, w: 100, h: 70, color: '#e03131', width: 2, fill: 'semi', rotation: 10 },
    { type: 'ellipse', x: 560, y: 180, w: 90, h: 90, color: '#2f9e44', width: 4, dash: true },
    { type: 'line', x: 300, y: 320, w: 120, h: 0, color: '#1e1e1e', width: 2 },
    { type: 'arrow', x: 450, y: 320, w: 100, h: 60, color: '#1e1e1e', width: 2 },
    { type: 'text', x: 600, y: 320, w: 10, h: 25, color: '#1e1e1e', width: 2, fontSize: 20, text: 'Hi there' },
    { type: 'sticky', x: 700, y: 180, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text: 'Sticky', fontSize: 20 },
  ],
});

describe('board features in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let alice: Page;
  let bob: Page;

  const suite = twoEditorsSuite({ defaultTimeoutMs: 8000 });
  beforeAll(() => void ({ relay, browser, room, alice, bob } = suite));

  it('opening a board file adds its shapes for everyone; the spectator renders every type', async () => {
    const chooser = alice.waitForEvent('filechooser');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="open-board"]').click();
    await (await chooser).setFiles({ name: 'board.json', mimeType: 'application/json', buffer: Buffer.from(ALL_TYPES) });
    await waitShapeCount(bob, 8);
    await expect.poll(() => alice.locator('#toast').textContent()).toContain('Imported 8 shapes');
    const viewer = await (await browser.newContext({ viewport: { width: 1100, height: 700 } })).newPage();
    await viewer.goto(relay.http + room.viewUrl);
    await viewer.waitForFunction(() => window.__wb?.renderedShapeCount() === 8, null, { timeout: 15_000 });
    const types = (await renderedShapes(viewer)).map((s) => s.type).sort();
    expect(types).toEqual(['arrow', 'ellipse', 'highlighter', 'line', 'rect', 'sticky', 'stroke', 'text']);
    expect((await renderedShapes(viewer)).find((s) => s.type === 'rect')!.rotation).toBe(10);
    await viewer.context().close();
  });

  it('a broken board file is refused with a clear message', async () => {
    const chooser = alice.waitForEvent('filechooser');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="open-board"]').click();
    const bad = JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: [{ type: 'rect', x: 'left', y: 0 }] });
    await (await chooser).setFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from(bad) });
    await expect.poll(() => alice.locator('#toast').textContent()).toContain('shapes[0].x: expected a finite number');
    expect(await renderedShapes(bob).then((s) => s.length)).toBe(8);
  });

  it('save to file: the JSON round-trips into another room', async () => {
    const download = alice.waitForEvent('download');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="save-board"]').click();
    const file = readFileSync((await (await download).path())!, 'utf8');
    const parsed = JSON.parse(file) as { kind: string; version: number; shapes: unknown[] };
    expect(parsed).toMatchObject({ kind: 'whiteboard/board', version: 1 });
    expect(parsed.shapes.length).toBe(8);
    const other = await createRoom(relay.http);
    const page = await alice.context().newPage();
    await page.goto(relay.http + other.editUrl);
    await waitConnected(page);
    expect(await page.evaluate((f) => window.__wb!.importBoard!(f), file)).toContain('Imported 8');
    const a = (await renderedShapes(alice)).map(({ type, width, height, text }) => ({ type, w: Math.round(width), h: Math.round(height), text }));
    const b = (await renderedShapes(page)).map(({ type, width, height, text }) => ({ type, w: Math.round(width), h: Math.round(height), text }));
    expect(b).toEqual(a);
    await page.close();
  });

  it('export PNG (white or transparent), SVG, and copy PNG to the clipboard', async () => {
    const exportAs = async (format: 'png' | 'svg', white: boolean) => {
      await alice.locator('#menu-button').click();
      await alice.locator('.menu-item[data-action="export-image"]').click();
      await alice.locator('#export-white').setChecked(white);
      const download = alice.waitForEvent('download');
      await alice.locator(`#export-dialog button[data-export="${format}"]`).click();
      const d = await download;
      expect(d.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
      return readFileSync((await d.path())!);
    };
    const corner = (png: Buffer) =>
      alice.evaluate(async (b64) => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return { w: img.width, h: img.height, corner: [...ctx.getImageData(0, 0, 1, 1).data] };
      }, png.toString('base64'));
    const white = await corner(await exportAs('png', true));
    expect(white.corner).toEqual([255, 255, 255, 255]);
    expect(white.w).toBeGreaterThan(1000); // 2x the ~600 px wide board
    const clear = await corner(await exportAs('png', false));
    expect(clear.corner[3]).toBe(0);
    const svg = (await exportAs('svg', true)).toString('utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    for (const tag of ['<rect', '<ellipse', '<line', '<polyline', '<path', '<text', 'Hi there', 'Sticky']) expect(svg).toContain(tag);

    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await alice.bringToFront(); // the clipboard wants a focused document
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="export-image"]').click();
    await alice.locator('#export-dialog button[data-export="clipboard"]').click();
    await expect
      .poll(() => alice.locator('#export-dialog').evaluate((d) => ((d as HTMLDialogElement).open ? d.querySelector('#export-status')!.textContent || 'open' : 'closed')))
      .toBe('closed');
    const types = await alice.evaluate(async () => (await navigator.clipboard.read()).flatMap((i) => [...i.types]));
    expect(types).toContain('image/png');
  });

  it('hand pans, shortcuts zoom with the level shown, Shift+1 fits the board', async () => {
    await pickTool(alice, 'h');
    await alice.keyboard.press('Control+0'); // opening the file zoomed to fit it
    const before = await camera(alice);
    await drag(alice, 600, 400, 500, 350);
    const after = await camera(alice);
    expect([after.x - before.x, after.y - before.y]).toEqual([-100, -50]);
    expect(await camera(bob)).toEqual({ x: 0, y: 0, scale: 1 }); // only Alice's view moved
    await alice.keyboard.press('Control+=');
    await expect.poll(() => alice.locator('#zoom-level').textContent()).toBe('125%');
    await alice.keyboard.press('Control+-');
    await alice.keyboard.press('Control+-');
    await expect.poll(() => alice.locator('#zoom-level').textContent()).toBe('80%');
    await alice.keyboard.press('Control+0');
    await expect.poll(() => alice.locator('#zoom-level').textContent()).toBe('100%');
    const inView = async () =>
      (await renderedShapes(alice)).every((s) => s.rect.x >= 0 && s.rect.y >= 0 && s.rect.x + s.rect.width <= 1100 && s.rect.y + s.rect.height <= 700);
    // zoomed in far enough that the board no longer fits, so fitting has something to do
    for (let i = 0; i < 4; i++) await alice.keyboard.press('Control+=');
    await expect.poll(() => alice.locator('#zoom-level').textContent()).not.toBe('100%');
    expect(await inView()).toBe(false);
    await alice.keyboard.press('Shift+!');
    await expect.poll(inView).toBe(true);
  });

  it('follow: clicking Alice in the presence list follows her viewport; Bob’s own zoom stops it', async () => {
    await bob.locator('#presence-list li[data-name="Alice"]').click();
    await expect.poll(() => bob.locator('#follow-banner').isVisible()).toBe(true);
    await alice.keyboard.press('Control+=');
    await drag(alice, 600, 400, 450, 300);
    await bob.waitForFunction(
      (a) => Math.abs(window.__wb!.camera().scale - a.scale) < 0.01 && Math.abs(window.__wb!.camera().x - a.x) < 1 && Math.abs(window.__wb!.camera().y - a.y) < 1,
      await camera(alice),
    );
    await bob.mouse.move(500, 300);
    await bob.mouse.wheel(0, -200);
    await expect.poll(() => bob.locator('#follow-banner').isVisible()).toBe(false);
    const frozen = await camera(bob);
    await drag(alice, 600, 400, 400, 400);
    await bob.waitForTimeout(300);
    expect(await camera(bob)).toEqual(frozen);
  });

  it('idle presence: no input for the idle time shows a person as away, input brings them back', async () => {
    const carol = await (await personContext(browser, 'Carol', '#7048e8')).newPage();
    await carol.goto(`${relay.http}${room.editUrl}?idleMs=600`);
    await waitConnected(carol);
    await carol.mouse.move(500, 500);
    await alice.waitForFunction(() => document.querySelector('#presence-list li[data-name="Carol"]')?.getAttribute('data-away') === 'true');
    await alice.waitForFunction(() => window.__wb!.remoteCursors().some((c) => c.name === 'Carol' && c.away));
    await carol.mouse.move(520, 520);
    await alice.waitForFunction(() => document.querySelector('#presence-list li[data-name="Carol"]')?.getAttribute('data-away') === null);
    await carol.context().close();
  });

  it('theme follows the system, toggles from the menu, and is remembered', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 }, colorScheme: 'dark' });
    const page = await ctx.newPage();
    await page.goto(relay.http + room.editUrl);
    await waitConnected(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('#menu-button').click();
    await page.locator('.menu-item[data-action="theme"]').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.reload();
    await waitConnected(page);
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await ctx.close();
  });

  it('touch: one finger draws with the pen, two fingers pan and pinch-zoom without drawing', async () => {
    await clearBoard(alice, [bob]);
    const ctx = await browser.newContext({ viewport: { width: 1100, height: 700 }, hasTouch: true, isMobile: false });
    const page = await ctx.newPage();
    await page.goto(relay.http + room.editUrl);
    await waitConnected(page);
    const cdp = await ctx.newCDPSession(page);
    const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', points: { x: number; y: number }[]) =>
      cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points.map((p, id) => ({ ...p, id })) });
    await touch('touchStart', [{ x: 300, y: 300 }]);
    for (let i = 1; i <= 10; i++) await touch('touchMove', [{ x: 300 + i * 30, y: 300 + Math.sin(i) * 20 }]);
    await touch('touchEnd', []);
    await waitShapeCount(bob, 1);
    // pinch: two fingers move apart around (600, 400)
    await touch('touchStart', [{ x: 550, y: 400 }, { x: 650, y: 400 }]);
    for (let i = 1; i <= 10; i++) await touch('touchMove', [{ x: 550 - i * 10, y: 400 }, { x: 650 + i * 10, y: 400 }]);
    await touch('touchEnd', []);
    const cam = await camera(page);
    expect(cam.scale).toBeGreaterThan(1.5);
    // two fingers moving together pan by their shift, at the same zoom
    await touch('touchStart', [{ x: 500, y: 400 }, { x: 700, y: 400 }]);
    for (let i = 1; i <= 10; i++) await touch('touchMove', [{ x: 500 + i * 10, y: 400 + i * 5 }, { x: 700 + i * 10, y: 400 + i * 5 }]);
    await touch('touchEnd', []);
    const panned = await camera(page);
    expect(panned.scale).toBeCloseTo(cam.scale, 5);
    expect(panned.x - cam.x).toBeCloseTo(100, 0);
    expect(panned.y - cam.y).toBeCloseTo(50, 0);
    await page.waitForTimeout(200);
    expect(await renderedShapes(bob).then((s) => s.length)).toBe(1);
    await ctx.close();
  });
});
