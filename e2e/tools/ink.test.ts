/**
 * Pen (P) with pressure, highlighter (M), eraser (E) and laser pointer (K) in real
 * Chromium, checked on the drawing client's and a second client's canvas.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, drawStroke, pickTool, pixelsOfColor, renderedShapes, translucentPixels, waitShapeCount, twoEditorsSuite } from '../harness.ts';

/** A pen stroke through CDP, with a real pen pointer type and the given pressure. */
async function penStroke(page: Page, x0: number, y: number, length: number, pressure: number) {
  const cdp = await page.context().newCDPSession(page);
  const send = (type: 'mousePressed' | 'mouseMoved' | 'mouseReleased', x: number, force: number) =>
    cdp.send('Input.dispatchMouseEvent', { type, x, y, button: 'left', buttons: type === 'mouseReleased' ? 0 : 1, clickCount: 1, pointerType: 'pen', force });
  await send('mousePressed', x0, pressure);
  for (let i = 1; i <= 20; i++) await send('mouseMoved', x0 + (length * i) / 20, pressure);
  await send('mouseReleased', x0 + length, 0);
  await cdp.detach();
}

describe('ink tools in real Chromium', () => {
  let alice: Page;
  let bob: Page;

  const suite = twoEditorsSuite({ defaultTimeoutMs: 8000 });
  beforeAll(() => void ({ alice, bob } = suite));

  it('pen: pressure makes the line thicker, on both canvases', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'p');
    await alice.locator('#style-panel button[data-color="#e03131"]').click();
    await penStroke(alice, 300, 250, 400, 0.15);
    await alice.locator('#style-panel button[data-color="#1971c2"]').click();
    await penStroke(alice, 300, 400, 400, 0.95);
    await waitShapeCount(bob, 2);
    await bob.waitForFunction(() => window.__wb!.renderedShapes().every((s) => s.width > 300));
    await bob.waitForTimeout(200);
    for (const p of [alice, bob]) {
      const light = await pixelsOfColor(p, '#e03131');
      const heavy = await pixelsOfColor(p, '#1971c2');
      expect(light).toBeGreaterThan(200);
      expect(heavy).toBeGreaterThan(light * 1.8);
    }
  });

  it('highlighter: semi-transparent and drawn under ink, for everyone', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'p');
    await alice.locator('#style-panel button[data-color="#1e1e1e"]').click();
    await drawStroke(alice, 300, 300, 400, 20);
    await pickTool(alice, 'm');
    await alice.locator('#style-panel button[data-color="#f08c00"]').click();
    await drag(alice, 300, 300, 700, 320, { steps: 20 });
    await waitShapeCount(bob, 2);
    await bob.waitForTimeout(300);
    for (const p of [alice, bob]) {
      // drawn later but ordered first: under the ink
      expect((await renderedShapes(p)).map((s) => s.type)).toEqual(['highlighter', 'stroke']);
      // orange at 40% alpha (the page shows through), never opaque orange
      expect(await translucentPixels(p, '#f08c00', 80, 125)).toBeGreaterThan(2000);
      expect(await pixelsOfColor(p, '#f08c00')).toBe(0);
      expect(await pixelsOfColor(p, '#1e1e1e')).toBeGreaterThan(300);
    }
  });

  it('eraser: removes whole shapes it touches, leaves a fading trail, one undo step', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'p');
    await alice.locator('#style-panel button[data-color="#1e1e1e"]').click();
    for (const y of [250, 350, 450]) await drawStroke(alice, 300, y, 300, 15);
    await waitShapeCount(bob, 3);
    await pickTool(alice, 'e');
    // a vertical swipe across the first two strokes only
    await alice.mouse.move(450, 200);
    await alice.mouse.down();
    for (let y = 210; y <= 400; y += 10) await alice.mouse.move(450, y);
    // the trail is visible while erasing (translucent grey)
    expect(await translucentPixels(alice, '#787882', 40, 180)).toBeGreaterThan(50);
    await alice.mouse.up();
    await waitShapeCount(bob, 1);
    await alice.waitForTimeout(600);
    expect(await translucentPixels(alice, '#787882', 1, 255)).toBe(0);
    await alice.keyboard.press('Control+z');
    await waitShapeCount(bob, 3);
  });

  it('laser: everyone sees the trail, it fades within a second, and never enters the document', async () => {
    await clearBoard(alice, [bob]);
    const updates: number[] = [];
    await bob.exposeFunction('__docUpdate', () => updates.push(1));
    await bob.evaluate(() => window.__wb!.doc.on('update', () => (window as unknown as { __docUpdate(): void }).__docUpdate()));
    await pickTool(alice, 'k');
    await alice.mouse.move(300, 300);
    await alice.mouse.down();
    // keep the pointer moving until Bob sees the trail (it fades when the pointer rests)
    let seen = 0;
    for (let i = 1; i <= 80 && seen < 50; i++) {
      await alice.mouse.move(300 + (i % 30) * 20, 300 + Math.sin(i / 2) * 40);
      if ((await bob.evaluate(() => window.__wb!.laserPoints())) > 5) seen = await pixelsOfColor(bob, '#ff2d55');
    }
    expect(seen).toBeGreaterThan(50);
    await alice.mouse.up();
    await bob.waitForFunction(() => window.__wb!.laserPoints() === 0, null, { timeout: 3000 });
    await bob.waitForTimeout(100);
    expect(await pixelsOfColor(bob, '#ff2d55')).toBe(0);
    expect(await pixelsOfColor(alice, '#ff2d55')).toBe(0);
    expect(updates.length).toBe(0);
    expect(await alice.evaluate(() => window.__wb!.doc.getMap('shapes').size)).toBe(0);
  });
});
