/**
 * Images on the board in real Chromium: dropped, pasted and picked by an editor,
 * uploaded to the room's files, seen by another editor and a spectator (pixels on their
 * canvases), undone and redone, moved and deleted like any shape, exported in SVG with
 * the bytes embedded, and still there after a reload. Cropped (double-click, Enter or
 * the style panel's Crop; handles over the whole file; one undo step) as everyone sees
 * it, in the SVG export too; and pasted into another board, whose editors and spectator
 * then see the image itself (its file copied into that board), not a placeholder.
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoomInfo } from '../shared/api.ts';
import { createRoom } from '../server/test/clients.ts';
import { startRelay, type RelayProcess } from '../server/test/relayProcess.ts';
import { launchBrowser } from './browser.ts';
import { sha256, solidPng, splitPng } from './pngFiles.ts';
import { ARTIFACTS, ensureClientBuilt, openSpectator, pixelsOfColor, renderedShapes, twoEditors, waitConnected } from './harness.ts';

const PURPLE = '#7b2ff7';
const GREEN = '#0ca678';
const ORANGE = '#f76707';
const PURPLE_PNG = solidPng(240, 160, PURPLE);
const GREEN_PNG = solidPng(120, 120, GREEN);
const ORANGE_PNG = solidPng(100, 80, ORANGE);

/** Drops a file on the board at client point (x, y), as the browser does for a file dragged from the desktop. */
async function dropFile(page: Page, png: Buffer, x: number, y: number): Promise<void> {
  await page.evaluate(
    ([bytes, cx, cy]) => {
      const dt = new DataTransfer();
      dt.items.add(new File([new Uint8Array(bytes)], 'picture.png', { type: 'image/png' }));
      const board = document.getElementById('board')!;
      board.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
      board.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    },
    [[...png], x, y] as const,
  );
}

/** Pastes an image, as Ctrl+V with a copied picture does. */
async function pasteFile(page: Page, png: Buffer): Promise<void> {
  await page.evaluate((bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'image.png', { type: 'image/png' }));
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [...png]);
}

/** The image shapes of the page's document: [id, file hash, x, y, w, h]. */
const imagesIn = (page: Page) =>
  page.evaluate(() =>
    [...window.__wb!.doc.getMap('shapes').entries()]
      .map(([id, m]) => [id, (m as { toJSON(): Record<string, unknown> }).toJSON()] as const)
      .filter(([, j]) => j.type === 'image')
      .map(([id, j]) => ({ id, j })),
  ).then((list) => list.map(({ id, j }) => ({ id, f: j.f as string, x: j.x as number, y: j.y as number, w: j.w as number, h: j.h as number, nw: j.nw, nh: j.nh, mime: j.mime, crop: cropOf(j) })));

/** The crop an image map holds: its edge fields (cx0..cy1, absent = 0, 0, 1, 1), else the array of older boards; undefined: none. */
function cropOf(j: Record<string, unknown>): number[] | undefined {
  const edges = ['cx0', 'cy0', 'cx1', 'cy1'];
  if (!edges.some((k) => k in j)) return j.crop as number[] | undefined;
  return edges.map((k, i) => (k in j ? (j[k] as number) : [0, 0, 1, 1][i]));
}

describe('images on the board in real Chromium', () => {
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
    ({ alice, bob } = await twoEditors(browser, relay.http, room.editUrl));
    viewer = await openSpectator(browser, relay.http + room.viewUrl);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('a dropped PNG is uploaded and shown where it was dropped, to the other editor and to a spectator', async () => {
    expect(await pixelsOfColor(bob, PURPLE)).toBe(0);
    await dropFile(alice, PURPLE_PNG, 400, 300);
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(1);
    const [img] = await imagesIn(bob);
    // the hash of the bytes, the file's own size, centred on the drop point (camera at 0,0, zoom 1)
    expect(img).toMatchObject({ f: sha256(PURPLE_PNG), mime: 'image/png', nw: 240, nh: 160, w: 240, h: 160, x: 280, y: 220 });
    // the relay has it, for this room
    const res = await fetch(`${relay.http}/api/rooms/${room.id}/files/${img.f}`);
    expect(res.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), PURPLE_PNG)).toBe(0);
    // pixels of the image on every canvas: 240 × 160 = 38,400 (less where the selection frame covers it)
    for (const page of [alice, bob, viewer]) await expect.poll(() => pixelsOfColor(page, PURPLE), { timeout: 15_000 }).toBeGreaterThan(30_000);
    const shapes = await viewer.evaluate(() => window.__wb!.renderedShapes());
    expect(shapes.map((s) => s.type)).toEqual(['image']);
    // the spectator read it through the view's files, and selected on Alice's side it is
    expect(await alice.evaluate(() => window.__wb!.selection!())).toEqual([img.id]);
  });

  it('a pasted image lands at the pointer; undo takes it away for everyone, redo brings it back', async () => {
    await alice.mouse.move(800, 500);
    await pasteFile(alice, GREEN_PNG);
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(2);
    const green = (await imagesIn(bob)).find((i) => i.f === sha256(GREEN_PNG))!;
    expect(green).toMatchObject({ x: 740, y: 440, w: 120, h: 120 });
    await expect.poll(() => pixelsOfColor(bob, GREEN), { timeout: 15_000 }).toBeGreaterThan(10_000);
    await alice.keyboard.press('Control+z');
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(1);
    await expect.poll(() => pixelsOfColor(viewer, GREEN)).toBe(0);
    await alice.keyboard.press('Control+Shift+z');
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(2);
    await expect.poll(() => pixelsOfColor(viewer, GREEN), { timeout: 15_000 }).toBeGreaterThan(10_000);
  });

  it('is moved by dragging and deleted with Delete, like any shape', async () => {
    const green = (await imagesIn(alice)).find((i) => i.f === sha256(GREEN_PNG))!;
    await alice.keyboard.press('v');
    await alice.mouse.move(800, 500);
    await alice.mouse.down();
    for (let i = 1; i <= 10; i++) await alice.mouse.move(800 - i * 10, 500 + i * 5);
    await alice.mouse.up();
    await expect.poll(async () => (await imagesIn(bob)).find((i) => i.id === green.id)?.x).toBe(green.x - 100);
    expect((await imagesIn(bob)).find((i) => i.id === green.id)?.y).toBe(green.y + 50);
    await alice.keyboard.press('Delete');
    await expect.poll(() => imagesIn(bob).then((l) => l.map((i) => i.f))).toEqual([sha256(PURPLE_PNG)]);
    await expect.poll(() => pixelsOfColor(bob, GREEN)).toBe(0);
  });

  it('is resized with the Transformer keeping its proportions', async () => {
    const [purple] = await imagesIn(alice);
    await alice.mouse.click(400, 300);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([purple.id]);
    // the bottom-right handle sits on the box's corner
    const corner = { x: purple.x + purple.w, y: purple.y + purple.h };
    await alice.mouse.move(corner.x, corner.y);
    await alice.mouse.down();
    for (let i = 1; i <= 10; i++) await alice.mouse.move(corner.x + i * 12, corner.y + i * 8);
    await alice.mouse.up();
    await expect.poll(async () => (await imagesIn(bob))[0].w, { timeout: 10_000 }).toBeGreaterThan(300);
    const [resized] = await imagesIn(bob);
    expect(resized.w / resized.h).toBeCloseTo(240 / 160, 1);
    expect(resized.x).toBeCloseTo(purple.x, 0);
    await expect.poll(() => pixelsOfColor(viewer, PURPLE), { timeout: 15_000 }).toBeGreaterThan(50_000);
    // and back, so the tests below see it as dropped
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await imagesIn(bob))[0].w).toBe(240);
  });

  it('Menu > Insert image… picks a file; the SVG export embeds the bytes as a data: URL', async () => {
    await alice.locator('#menu-button').click();
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), alice.locator('.menu-item[data-action="insert-image"]').click()]);
    await chooser.setFiles({ name: 'orange.png', mimeType: 'image/png', buffer: ORANGE_PNG });
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(2);
    await expect.poll(() => pixelsOfColor(viewer, ORANGE), { timeout: 15_000 }).toBeGreaterThan(5_000);

    await alice.keyboard.press('Escape');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="export-image"]').click();
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.locator('button[data-export="svg"]').click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    for (const png of [PURPLE_PNG, ORANGE_PNG]) expect(svg).toContain(`href="data:image/png;base64,${png.toString('base64')}"`);
  });

  it('images survive a reload of an editor and of the spectator', async () => {
    await bob.reload();
    await waitConnected(bob);
    await viewer.reload();
    for (const page of [bob, viewer]) {
      await expect.poll(() => pixelsOfColor(page, PURPLE), { timeout: 15_000 }).toBeGreaterThan(30_000);
      await expect.poll(() => pixelsOfColor(page, ORANGE), { timeout: 15_000 }).toBeGreaterThan(5_000);
    }
  });

  it('another board\'s spectator cannot read this board\'s images', async () => {
    const other = await createRoom(relay.http);
    const viewId = other.viewUrl.replace('/v/', '');
    expect((await fetch(`${relay.http}/api/views/${viewId}/files/${sha256(PURPLE_PNG)}`)).status).toBe(404);
  });
});

const AMBER = '#f59f00'; // far from the people's colours (Alice's red cursor and selection)
const BLUE = '#1864ab';
/** 200 × 100: amber on the left, blue on the right */
const SPLIT_PNG = splitPng(200, 100, AMBER, BLUE);
const MAGENTA_PNG = solidPng(90, 90, '#ae3ec9');

/** What Ctrl+C puts on the clipboard (the page's copy handler fills the event's DataTransfer). */
const copyText = (page: Page) =>
  page.evaluate(() => {
    const dt = new DataTransfer();
    document.dispatchEvent(new ClipboardEvent('copy', { clipboardData: dt, bubbles: true, cancelable: true }));
    return dt.getData('text/plain');
  });
/** Ctrl+V with text on the clipboard. */
const pasteText = (page: Page, text: string) =>
  page.evaluate((t) => {
    const dt = new DataTransfer();
    dt.setData('text/plain', t);
    document.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, text);

async function dragMouse(page: Page, x0: number, y0: number, x1: number, y1: number): Promise<void> {
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x0 + ((x1 - x0) * i) / 8, y0 + ((y1 - y0) * i) / 8);
  await page.mouse.up();
}

describe('cropping images and pasting them into another board, in real Chromium', () => {
  let relay: RelayProcess;
  let browser: Browser;
  let room: RoomInfo;
  let alice: Page;
  let bob: Page;
  let viewer: Page;

  const spectator = (r: RoomInfo) => openSpectator(browser, relay.http + r.viewUrl);
  const imageNode = async (page: Page) => (await renderedShapes(page)).find((s) => s.type === 'image');

  beforeAll(async () => {
    ensureClientBuilt();
    [relay, browser] = await Promise.all([startRelay(), launchBrowser()]);
    room = await createRoom(relay.http);
    ({ alice, bob } = await twoEditors(browser, relay.http, room.editUrl));
    viewer = await spectator(room);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
  });

  it('a double-click crops an image with its handles: the others and the spectator see the part kept, the SVG and PNG exports too, and undo restores it', async () => {
    await dropFile(alice, SPLIT_PNG, 400, 300);
    await expect.poll(() => imagesIn(bob).then((l) => l.length)).toBe(1);
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 250, w: 200, h: 100 });
    for (const page of [bob, viewer]) {
      await expect.poll(() => pixelsOfColor(page, AMBER), { timeout: 15_000 }).toBeGreaterThan(8_000);
      await expect.poll(() => pixelsOfColor(page, BLUE), { timeout: 15_000 }).toBeGreaterThan(8_000);
    }
    // crop mode: the left edge's handle dragged to the middle keeps the blue half, where it was
    await alice.mouse.dblclick(450, 300);
    await dragMouse(alice, 300, 300, 400, 300);
    await alice.screenshot({ path: `${ARTIFACTS}/image-crop-mode.png` });
    await alice.keyboard.press('Enter');
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toEqual([0.5, 0, 1, 1]);
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 400, y: 250, w: 100, h: 100 });
    for (const page of [bob, viewer]) {
      await expect.poll(async () => (await imageNode(page))?.x).toBe(400);
      expect(await imageNode(page)).toMatchObject({ x: 400, y: 250, width: 100, height: 100 });
      await expect.poll(() => pixelsOfColor(page, AMBER), { timeout: 15_000 }).toBe(0);
      expect(await pixelsOfColor(page, BLUE)).toBeGreaterThan(8_000);
    }
    // the SVG export shows that part of the file: a nested svg whose viewBox is the right half
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="export-image"]').click();
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.locator('button[data-export="svg"]').click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    expect(svg).toContain('<svg width="100" height="100" viewBox="100 0 100 100" preserveAspectRatio="none">');
    expect(svg).toContain(`href="data:image/png;base64,${SPLIT_PNG.toString('base64')}"`);
    // and the PNG export paints only that part: blue, no amber
    if (!(await alice.locator('button[data-export="png"]').isVisible())) {
      await alice.locator('#menu-button').click();
      await alice.locator('.menu-item[data-action="export-image"]').click();
    }
    const [pngDownload] = await Promise.all([alice.waitForEvent('download'), alice.locator('button[data-export="png"]').click()]);
    const counts = await alice.evaluate(async (b64) => {
      const bitmap = await createImageBitmap(new Blob([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], { type: 'image/png' }));
      const c = new OffscreenCanvas(bitmap.width, bitmap.height).getContext('2d')!;
      c.drawImage(bitmap, 0, 0);
      const d = c.getImageData(0, 0, bitmap.width, bitmap.height).data;
      const near = (i: number, rgb: number[]) => rgb.every((v, k) => Math.abs(d[i + k] - v) < 30);
      let amber = 0;
      let blue = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (near(i, [0xf5, 0x9f, 0x00])) amber++;
        if (near(i, [0x18, 0x64, 0xab])) blue++;
      }
      return { amber, blue, w: bitmap.width, h: bitmap.height };
    }, readFileSync(await pngDownload.path()).toString('base64'));
    expect(counts.amber).toBe(0);
    // 100 × 100 board px, at the export's pixel ratio
    expect(counts.blue).toBeGreaterThan(counts.w * counts.h * 0.5);
    await alice.keyboard.press('Escape');
    // one undo step: the whole file again, for everyone; redo crops it again
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toBeUndefined();
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 250, w: 200, h: 100 });
    await expect.poll(() => pixelsOfColor(viewer, AMBER), { timeout: 15_000 }).toBeGreaterThan(8_000);
    await alice.keyboard.press('Control+Shift+z');
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toEqual([0.5, 0, 1, 1]);
    await expect.poll(() => pixelsOfColor(viewer, AMBER), { timeout: 15_000 }).toBe(0);
  });

  it('Enter and the Crop button open crop mode, Escape ends it, one undo step for all its drags; Reset crop shows the whole file', async () => {
    const [img] = await imagesIn(alice);
    await alice.mouse.click(450, 300);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([img.id]);
    await expect(alice.locator('#style-panel [data-action="reset-crop"]').isVisible()).resolves.toBe(true);
    await alice.locator('#style-panel [data-action="reset-crop"]').click();
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toBeUndefined();
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 250, w: 200, h: 100 });
    await expect.poll(() => alice.locator('#style-panel [data-action="reset-crop"]').isVisible()).toBe(false);

    // Enter: two drags (the right edge in by 50, the top down by 25), then Escape
    await alice.keyboard.press('Enter');
    await dragMouse(alice, 500, 300, 450, 300);
    await dragMouse(alice, 375, 250, 375, 275);
    await alice.keyboard.press('Escape');
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toEqual([0, 0.25, 0.75, 1]);
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 275, w: 150, h: 75 });
    // still selected, the Transformer back: a resize now scales the part shown, keeping the crop
    expect(await alice.evaluate(() => window.__wb!.selection!())).toEqual([img.id]);
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toBeUndefined();
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 250, w: 200, h: 100 });

    // the Crop button, then a click off the image ends it; inside the crop a drag moves it over the file
    await alice.locator('#style-panel [data-action="crop"]').click();
    await dragMouse(alice, 300, 300, 350, 300);
    await dragMouse(alice, 400, 300, 350, 300);
    await alice.mouse.click(900, 600);
    await expect.poll(async () => (await imagesIn(bob))[0].crop).toEqual([0, 0, 0.75, 1]);
    expect((await imagesIn(bob))[0]).toMatchObject({ x: 300, y: 250, w: 150, h: 100 });
    await expect.poll(async () => (await imageNode(viewer))?.width).toBe(150);
    // a resize scales the part shown: the crop stays, two thirds of it amber
    await dragMouse(alice, 450, 350, 525, 400);
    await expect.poll(async () => (await imagesIn(bob))[0].w).toBeGreaterThan(200);
    const resized = (await imagesIn(bob))[0];
    expect(resized.crop).toEqual([0, 0, 0.75, 1]);
    expect(resized.w / resized.h).toBeCloseTo(1.5, 2);
    await expect.poll(() => pixelsOfColor(viewer, AMBER), { timeout: 15_000 }).toBeGreaterThan(((resized.w * 2) / 3) * resized.h * 0.9);
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await imagesIn(bob))[0].w).toBe(150);
  });

  it('an image copied from one board and pasted into another shows there (its file copied), for a second editor and a spectator of it too', async () => {
    const [img] = await imagesIn(alice);
    await alice.mouse.click(350, 300);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([img.id]);
    const json = await copyText(alice);
    const payload = JSON.parse(json) as { source?: { view: string }; shapes: { crop?: number[] }[] };
    // the clipboard names this board by its spectator id, never its edit id
    expect(payload.source).toEqual({ view: room.viewUrl.slice(3) });
    expect(json).not.toContain(room.id);
    expect(payload.shapes[0].crop).toEqual([0, 0, 0.75, 1]);

    const other = await createRoom(relay.http);
    expect((await fetch(`${relay.http}/api/rooms/${other.id}/files/${img.f}`)).status).toBe(404);
    const { alice: carol, bob: dave } = await twoEditors(browser, relay.http, other.editUrl);
    const otherViewer = await spectator(other);
    await carol.mouse.move(600, 400);
    await pasteText(carol, json);
    await expect.poll(() => imagesIn(dave).then((l) => l.length), { timeout: 15_000 }).toBe(1);
    expect((await imagesIn(dave))[0]).toMatchObject({ f: img.f, x: 600, y: 400, w: 150, h: 100, crop: [0, 0, 0.75, 1] });
    // the other board has the file now, and its people see the pixels, not the placeholder
    const res = await fetch(`${relay.http}/api/rooms/${other.id}/files/${img.f}`);
    expect(res.status).toBe(200);
    expect(Buffer.compare(Buffer.from(await res.arrayBuffer()), SPLIT_PNG)).toBe(0);
    for (const page of [carol, dave, otherViewer]) {
      await expect.poll(() => pixelsOfColor(page, AMBER), { timeout: 15_000 }).toBeGreaterThan(8_000);
      await expect.poll(() => pixelsOfColor(page, BLUE), { timeout: 15_000 }).toBeGreaterThan(3_000);
    }
    expect(await carol.locator('#toast').isVisible()).toBe(false);

    // a file no board of this relay has (a clipboard from another server): the placeholder, and the toast says why
    const yellow = JSON.parse(json) as { source: { view: string }; shapes: Record<string, unknown>[] };
    Object.assign(yellow.shapes[0], { file: sha256(MAGENTA_PNG), naturalWidth: 90, naturalHeight: 90, crop: undefined, w: 90, h: 90 });
    yellow.source = { view: 'A'.repeat(22) };
    await carol.mouse.move(200, 500);
    await pasteText(carol, JSON.stringify(yellow));
    await expect.poll(() => imagesIn(dave).then((l) => l.length), { timeout: 15_000 }).toBe(2);
    await expect.poll(() => carol.locator('#toast').textContent()).toMatch(/could not be copied to this board.*placeholder/);
    expect((await fetch(`${relay.http}/api/rooms/${other.id}/files/${sha256(MAGENTA_PNG)}`)).status).toBe(404);
    expect(await pixelsOfColor(dave, '#ae3ec9')).toBe(0);
  });
});
