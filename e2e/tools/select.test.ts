/**
 * Select (V) in real Chromium: click, shift-click, marquee, drag to move, Transformer
 * resize and rotate handles, the end handles of a line or arrow, arrow-key nudge, Delete, Ctrl+D, Ctrl+A, Escape, z-order,
 * copy/paste into another room through the system clipboard. Every result is checked
 * on the drawing client's rendered nodes and on a second client's; Bob also sees
 * Alice's selection outlined in her colour.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { RelayProcess } from '../../server/test/relayProcess.ts';
import { createRoom } from '../../server/test/clients.ts';
import { clearBoard, drag, pickTool, pixelsOfColor, renderedShapes, waitConnected, waitShapeCount, twoEditorsSuite } from '../harness.ts';

const selection = (p: Page) => p.evaluate(() => window.__wb!.selection!());

describe('select tool in real Chromium', () => {
  let relay: RelayProcess;
  let alice: Page;
  let bob: Page;

  /** Three rectangles in a row at x = 300, 450, 600 (100×80 each), via the rect tool. */
  async function threeRects() {
    await clearBoard(alice, [bob]);
    for (const x of [300, 450, 600]) {
      await pickTool(alice, 'r');
      await drag(alice, x, 250, x + 100, 330, { steps: 4 });
    }
    await waitShapeCount(bob, 3);
    await pickTool(alice, 'v');
    await alice.keyboard.press('Escape');
  }

  const suite = twoEditorsSuite();
  beforeAll(() => void ({ relay, alice, bob } = suite));

  it('click selects, shift-click adds, Escape clears; Bob sees the selection outlined in Alice’s colour', async () => {
    await threeRects();
    const ids = (await renderedShapes(alice)).map((s) => s.id);
    await alice.mouse.click(350, 290);
    expect(await selection(alice)).toEqual([ids[0]]);
    await alice.keyboard.down('Shift');
    await alice.mouse.click(500, 290);
    await alice.keyboard.up('Shift');
    expect((await selection(alice)).sort()).toEqual([ids[0], ids[1]].sort());
    await bob.waitForFunction(() => (window.__wb!.remoteSelections().Alice ?? []).length === 2);
    await bob.waitForTimeout(100);
    expect(await pixelsOfColor(bob, '#e03131')).toBeGreaterThan(300);
    await alice.keyboard.press('Escape');
    expect(await selection(alice)).toEqual([]);
    await bob.waitForFunction(() => (window.__wb!.remoteSelections().Alice ?? []).length === 0);
    await bob.waitForTimeout(100);
    expect(await pixelsOfColor(bob, '#e03131')).toBe(0);
  });

  it('marquee selects what it encloses; dragging moves the selection on both canvases', async () => {
    const before = await renderedShapes(alice);
    await drag(alice, 280, 220, 570, 360);
    expect((await selection(alice)).sort()).toEqual([before[0].id, before[1].id].sort());
    await drag(alice, 350, 290, 390, 340);
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0].x === 340);
    for (const page of [alice, bob]) {
      const s = await renderedShapes(page);
      expect(s.map((r) => [r.x, r.y])).toEqual([
        [340, 300],
        [490, 300],
        [600, 250],
      ]);
    }
    // one undo step for the whole drag
    await alice.keyboard.press('Control+z');
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0].x === 300);
  });

  it('transformer handles resize and rotate; arrow keys nudge', async () => {
    await alice.keyboard.press('Escape');
    await alice.mouse.click(650, 290);
    const [, , third] = await renderedShapes(alice);
    // bottom-right handle sits at the node's corner plus the transformer padding (4 px)
    const r = third.rect;
    await alice.mouse.move(r.x + r.width + 4, r.y + r.height + 4);
    await alice.mouse.down();
    for (let i = 1; i <= 10; i++) await alice.mouse.move(r.x + r.width + 4 + i * 5, r.y + r.height + 4 + i * 4);
    // Bob sees the resize while Alice still holds the handle
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[2].width > 140);
    await alice.mouse.up();
    for (const page of [alice, bob]) {
      const s = (await renderedShapes(page))[2];
      expect(s.width).toBeCloseTo(150, -1);
      expect(s.height).toBeCloseTo(120, -1);
    }
    // rotation handle: above the top centre
    const t = (await renderedShapes(alice))[2].rect;
    const cx = t.x + t.width / 2;
    const cy = t.y + t.height / 2;
    await drag(alice, cx, t.y - 4 - 24, cx + 200, cy, { steps: 12 });
    await bob.waitForFunction(() => Math.abs(window.__wb!.renderedShapes()[2].rotation) > 45);
    for (const page of [alice, bob]) expect((await renderedShapes(page))[2].rotation).toBeCloseTo(90, -1);
    const x0 = (await renderedShapes(alice))[2].x;
    await alice.keyboard.press('ArrowRight');
    await alice.keyboard.press('Shift+ArrowRight');
    await bob.waitForFunction((x) => Math.abs(window.__wb!.renderedShapes()[2].x - (x + 11)) < 0.01, x0);
  });

  it('Ctrl+D duplicates, Ctrl+A selects all, Delete removes; z-order buttons reorder for everyone', async () => {
    await alice.keyboard.press('Escape');
    await alice.mouse.click(350, 290);
    await alice.keyboard.press('Control+d');
    await waitShapeCount(bob, 4);
    const shapes = await renderedShapes(bob);
    expect(shapes[3]).toMatchObject({ x: 316, y: 266 });
    expect(await selection(alice)).toEqual([shapes[3].id]);
    // send the copy to the back, then bring it forward one step
    await alice.locator('#style-panel button[data-action="to-back"]').click();
    await bob.waitForFunction((id) => window.__wb!.renderedShapes()[0].id === id, shapes[3].id);
    await alice.keyboard.press('Control+]');
    await bob.waitForFunction((id) => window.__wb!.renderedShapes()[1].id === id, shapes[3].id);
    await alice.keyboard.press('Control+a');
    expect((await selection(alice)).length).toBe(4);
    await alice.keyboard.press('Delete');
    await waitShapeCount(bob, 0);
    await alice.keyboard.press('Control+z');
    await waitShapeCount(bob, 4);
  });

  it('Ctrl+C / Ctrl+V copies shapes into another room through the system clipboard', async () => {
    await alice.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await alice.keyboard.press('Escape');
    await alice.mouse.click(500, 290);
    await alice.keyboard.press('Control+c');
    // a second board, in another tab of Alice's browser
    const other = await createRoom(relay.http);
    const tab = await alice.context().newPage();
    await tab.goto(relay.http + other.editUrl);
    await waitConnected(tab);
    await tab.mouse.move(700, 400);
    await tab.keyboard.press('Control+v');
    await waitShapeCount(tab, 1);
    const [pasted] = await renderedShapes(tab);
    expect(pasted).toMatchObject({ type: 'rect', x: 700, y: 400, width: 100, height: 80 });
    // paste again in the first room: a copy lands at the pointer
    await alice.mouse.move(400, 450);
    await alice.keyboard.press('Control+v');
    await waitShapeCount(bob, 5);
    expect((await renderedShapes(bob))[4]).toMatchObject({ x: 400, y: 450 });
    await tab.close();
  });

  it('a selected arrow has end handles: dragging one moves that end for everyone, shift snaps to 45°, undo restores', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'a');
    await drag(alice, 300, 400, 500, 400, { steps: 5 });
    await waitShapeCount(bob, 1);
    await pickTool(alice, 'v');
    await alice.keyboard.press('Escape');
    await alice.mouse.click(400, 400);
    expect(await selection(alice)).toHaveLength(1);
    const arrowOn = (page: Page) =>
      page.evaluate(() => {
        const m = [...window.__wb!.doc.getMap('shapes').values()][0] as unknown as { toJSON(): Record<string, number> };
        const { x, y, w, h } = m.toJSON();
        return { x, y, w, h };
      });
    // the end (head) handle: Bob sees the arrow follow while Alice still holds it
    await alice.mouse.move(500, 400);
    await alice.mouse.down();
    for (let i = 1; i <= 8; i++) await alice.mouse.move(500 + i * 2.5, 400 + i * 10);
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.height > 60);
    await alice.mouse.up();
    await expect.poll(() => arrowOn(bob)).toEqual({ x: 300, y: 400, w: 220, h: 80 });
    // the start handle with shift: snapped to 45° around the end, which stays put
    await drag(alice, 300, 400, 360, 300, { steps: 6, hold: 'Shift' });
    // Alice's doc holds the drag's end; Bob's passes through its steps (the end stays at
    // x 520 all along) before it gets there
    const snapped = await arrowOn(alice);
    await expect.poll(() => arrowOn(bob)).toEqual(snapped);
    expect(Math.round(snapped.x + snapped.w)).toBe(520);
    expect(snapped.y + snapped.h).toBeCloseTo(480, 1);
    expect(snapped.w).toBeCloseTo(snapped.h, 1);
    expect(snapped.w).toBeGreaterThan(150);
    // each drag is one undo step
    await alice.keyboard.press('Control+z');
    await expect.poll(() => arrowOn(bob)).toEqual({ x: 300, y: 400, w: 220, h: 80 });
    await alice.keyboard.press('Control+z');
    await expect.poll(() => arrowOn(bob)).toEqual({ x: 300, y: 400, w: 200, h: 0 });
  });
});
