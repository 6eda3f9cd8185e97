/**
 * Rectangle (R), ellipse (O), line (L) and arrow (A) in real Chromium: drag them out
 * with the mouse (shift constrains), restyle from the style panel, and check the
 * rendered Konva nodes and pixels on the drawing client and on a second client.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, pickTool, pixelsOfColor, renderedShapes, waitShapeCount, twoEditorsSuite } from '../harness.ts';

describe('shape tools in real Chromium', () => {
  let alice: Page;
  let bob: Page;

  const suite = twoEditorsSuite();
  beforeAll(() => void ({ alice, bob } = suite));

  it('rectangle: drag draws it; Bob sees it grow while it is dragged and the same geometry after', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'r');
    await alice.mouse.move(300, 200);
    await alice.mouse.down();
    for (let i = 1; i <= 5; i++) await alice.mouse.move(300 + i * 20, 200 + i * 12);
    // still dragging: Bob already renders the rectangle
    await waitShapeCount(bob, 1);
    for (let i = 6; i <= 10; i++) await alice.mouse.move(300 + i * 20, 200 + i * 12);
    await alice.mouse.up();
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.width === 200);
    for (const page of [alice, bob]) {
      const [s] = await renderedShapes(page);
      expect(s).toMatchObject({ type: 'rect', x: 300, y: 200, width: 200, height: 120, rotation: 0 });
      expect(await pixelsOfColor(page, '#1e1e1e')).toBeGreaterThan(400);
    }
    // the new shape is selected and the select tool is back
    expect(await alice.evaluate(() => window.__wb!.selection!().length)).toBe(1);
    expect(await alice.locator('#toolbar button[data-tool="select"]').getAttribute('aria-pressed')).toBe('true');
  });

  it('ellipse with shift is a circle; fill and colour from the style panel reach Bob', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'o');
    await alice.locator('#style-panel button[data-color="#1971c2"]').click();
    await alice.locator('#style-panel button[data-fill="solid"]').click();
    await drag(alice, 400, 200, 560, 280, { hold: 'Shift' });
    await waitShapeCount(bob, 1);
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.fill === 'solid');
    for (const page of [alice, bob]) {
      const [s] = await renderedShapes(page);
      expect(s).toMatchObject({ type: 'ellipse', x: 400, y: 200, width: 160, height: 160, color: '#1971c2', fill: 'solid' });
      // the outline in blue and the light tint inside
      expect(await pixelsOfColor(page, '#1971c2')).toBeGreaterThan(300);
      expect(await pixelsOfColor(page, '#b8d1ea')).toBeGreaterThan(10_000);
    }
    // restyle the selection: dashed, thick, red
    await alice.locator('#style-panel button[data-color="#e03131"]').click();
    await alice.locator('#style-panel button[data-dash="true"]').click();
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.color === '#e03131');
    expect(await pixelsOfColor(bob, '#e03131')).toBeGreaterThan(200);
    expect(await pixelsOfColor(bob, '#1971c2')).toBe(0);
    await alice.locator('#style-panel button[data-color="#1e1e1e"]').click();
    await alice.locator('#style-panel button[data-fill="none"]').click();
    await alice.locator('#style-panel button[data-dash="false"]').click();
  });

  it('line with shift snaps to 45°, arrow draws its head; both on Bob’s canvas', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'l');
    await drag(alice, 300, 300, 500, 280, { hold: 'Shift' });
    await pickTool(alice, 'a');
    await drag(alice, 300, 400, 450, 520, { hold: 'Shift' });
    await waitShapeCount(bob, 2);
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[1]?.width > 100);
    for (const page of [alice, bob]) {
      const [line, arrow] = await renderedShapes(page);
      expect(line.type).toBe('line');
      // snapped horizontal: the self rect is only the stroke padding tall
      expect(line.height).toBeLessThan(20);
      expect(line.width).toBeGreaterThan(190);
      expect(arrow.type).toBe('arrow');
      // snapped to 45°: a square box
      expect(Math.abs(arrow.width - arrow.height)).toBeLessThan(1);
      const doc = await page.evaluate(() => [...window.__wb!.doc.getMap('shapes').values()].map((m) => (m as unknown as { toJSON(): Record<string, unknown> }).toJSON()));
      const a = doc.find((m) => m.type === 'arrow')!;
      expect(a.w).toBeCloseTo(a.h as number, 1);
    }
    // the arrow head makes it inkier than a plain line of the same length would be
    expect(await pixelsOfColor(bob, '#1e1e1e')).toBeGreaterThan(600);
  });

  it('undo takes the shapes back one at a time, on both canvases', async () => {
    await alice.keyboard.press('Control+z');
    await waitShapeCount(bob, 1);
    expect((await renderedShapes(bob))[0].type).toBe('line');
    await alice.keyboard.press('Control+Shift+z');
    await waitShapeCount(bob, 2);
  });
});
