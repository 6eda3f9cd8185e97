/**
 * Locked shapes in real Chromium, two editors (Alice and Bob) on one board, beyond
 * findLockGroup.test.ts: a locked note's text cannot be edited (the text tool places a new
 * text, a double-click does nothing, an editor open when the other person locks it closes
 * without writing); an undo of one's own earlier move, or of a creation, leaves a shape
 * the other person locked since alone while the rest of the step is undone (and redone);
 * a padlock shows on a locked shape under the pointer and, during Menu > Unlock all's
 * preview, on all of them; a locked frame stays put while its members move alone, in and out.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, pickTool, renderedShapes, twoEditorsSuite, waitShapeCount } from './harness.ts';

const selection = (p: Page) => p.evaluate(() => window.__wb!.selection!());
const board = (shapes: object[]) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes });
const sticky = (x: number, y: number, text: string) => ({ type: 'sticky', x, y, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text, fontSize: 20 });
const rect = (x: number, y: number, extra: object = {}) => ({ type: 'rect', x, y, w: 120, h: 80, color: '#e03131', width: 4, fill: 'solid', ...extra });
const frameJson = (x: number, y: number, w: number, h: number, name: string) => ({ type: 'frame', x, y, w, h, color: '#1e1e1e', width: 4, name });

type Field = string | number | null;
const field = (p: Page, id: string, key: string) =>
  p.evaluate(([i, k]) => ((window.__wb!.doc.getMap('shapes').get(i) as import('yjs').Map<unknown> | undefined)?.get(k) ?? null) as Field, [id, key] as const);
const textOf = (p: Page, id: string) =>
  p.evaluate((i) => String((window.__wb!.doc.getMap('shapes').get(i) as import('yjs').Map<unknown> | undefined)?.get('txt') ?? ''), id);
const xy = async (p: Page, id: string) => {
  const s = (await renderedShapes(p)).find((r) => r.id === id);
  return s ? { x: Math.round(s.x), y: Math.round(s.y) } : null;
};
const ids = async (p: Page) => (await renderedShapes(p)).map((s) => s.id);

/** Opens a board file on `page` (Menu > Open file) and waits until both pages show its shapes. */
async function load(page: Page, others: Page[], shapes: object[]): Promise<string[]> {
  await clearBoard(page, others);
  expect(await page.evaluate((f) => window.__wb!.importBoard!(f), board(shapes))).toContain(`Imported ${shapes.length}`);
  for (const p of [page, ...others]) await waitShapeCount(p, shapes.length);
  await page.keyboard.press('Escape');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.keyboard.press('Control+0');
  return ids(page);
}

/** Where on this page's screen a board point is. */
async function onScreen(p: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const c = await p.evaluate(() => window.__wb!.camera());
  return { x: x * c.scale + c.x, y: y * c.scale + c.y };
}

/** Locks the shape under (bx, by) board px on `p` with the select tool: a click, then Ctrl+Shift+L. */
async function lockAt(p: Page, id: string, bx: number, by: number): Promise<void> {
  await pickTool(p, 'v');
  const s = await onScreen(p, bx, by);
  await p.mouse.click(s.x, s.y);
  expect(await selection(p)).toEqual([id]);
  await p.keyboard.press('Control+Shift+L');
  await expect.poll(() => field(p, id, 'lk')).toBe(1);
}

/** Pixels of the padlock's grey (#495057) in a patch of the page's canvases around a screen point. */
const padlockPixels = (p: Page, at: { x: number; y: number }) =>
  p.evaluate(({ x, y }) => {
    let n = 0;
    for (const c of document.querySelectorAll<HTMLCanvasElement>('#board canvas')) {
      const k = c.width / c.clientWidth;
      const d = c.getContext('2d')!.getImageData(Math.round((x - 12) * k), Math.round((y - 12) * k), Math.round(24 * k), Math.round(24 * k)).data;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - 73) < 12 && Math.abs(d[i + 1] - 80) < 12 && Math.abs(d[i + 2] - 87) < 12) n++;
    }
    return n;
  }, at);

describe('locked shapes in real Chromium', () => {
  let alice: Page;
  let bob: Page;
  const suite = twoEditorsSuite({ defaultTimeoutMs: 8000 });
  beforeAll(() => void ({ alice, bob } = suite));

  it("a locked note's text is not editable: the text tool places a new text, a double-click does nothing, an open editor closes", async () => {
    const [note] = await load(alice, [bob], [sticky(300, 200, 'plan')]);
    await lockAt(alice, note, 400, 300);
    await expect.poll(() => field(bob, note, 'lk')).toBe(1);

    // Bob's text tool on the locked note: a new text box, typed into; the note keeps its text
    await pickTool(bob, 't');
    const c = await onScreen(bob, 400, 300);
    await bob.mouse.click(c.x, c.y);
    const editor = bob.locator('textarea.text-editor');
    await expect.poll(() => editor.count()).toBe(1);
    expect(await editor.getAttribute('data-shape')).not.toBe(note);
    await bob.keyboard.type('new');
    await bob.keyboard.press('Escape');
    await waitShapeCount(alice, 2);
    const fresh = (await ids(alice)).find((id) => id !== note)!;
    await expect.poll(() => textOf(alice, fresh)).toBe('new');
    expect(await field(alice, fresh, 'type')).toBe('text');
    expect(await textOf(alice, note)).toBe('plan');

    // a double-click with the select tool (away from the new text): no editor, no new shape, nothing selected
    await pickTool(bob, 'v');
    const d = await onScreen(bob, 340, 370);
    await bob.mouse.dblclick(d.x, d.y);
    await bob.waitForTimeout(200);
    expect(await editor.count()).toBe(0);
    expect(await ids(bob)).toHaveLength(2);
    expect(await selection(bob)).toEqual([]);

    // unlocked, Bob edits it; Alice locks it while his editor is open: it closes, nothing more is written
    await alice.keyboard.press('Escape');
    await alice.mouse.move((await onScreen(alice, 400, 300)).x, (await onScreen(alice, 400, 300)).y);
    await alice.keyboard.press('Control+Shift+L');
    await expect.poll(() => field(bob, note, 'lk')).toBe(null);
    await bob.mouse.dblclick(d.x, d.y);
    await expect.poll(() => editor.getAttribute('data-shape')).toBe(note);
    await bob.keyboard.type(' B');
    await expect.poll(() => textOf(alice, note)).toBe('plan B');
    expect(await selection(alice)).toEqual([note]);
    await alice.keyboard.press('Control+Shift+L');
    await expect.poll(() => editor.count()).toBe(0);
    await bob.keyboard.insertText('!!');
    await bob.waitForTimeout(200);
    for (const p of [alice, bob]) expect(await textOf(p, note)).toBe('plan B');
    expect(await field(bob, note, 'lk')).toBe(1);
  });

  it('an undo of a move, or of a creation, leaves a shape the other person locked since alone; the rest is undone and redone', async () => {
    const [r1, r2] = await load(alice, [bob], [rect(200, 200), rect(500, 200)]);
    const [x1, x2] = [(await xy(bob, r1))!.x, (await xy(bob, r2))!.x];
    // Alice moves both, 150 px to the right
    await pickTool(alice, 'v');
    await alice.keyboard.press('Control+a');
    const from = await onScreen(alice, 260, 240);
    await drag(alice, from.x, from.y, from.x + 150, from.y, { hold: 'Alt' });
    await expect.poll(async () => (await xy(bob, r2))!.x).toBe(x2 + 150);
    // Bob locks the first
    await lockAt(bob, r1, 260 + 150, 240);
    await expect.poll(() => field(alice, r1, 'lk')).toBe(1);
    await alice.keyboard.press('Escape');
    await alice.keyboard.press('Control+z');
    for (const p of [alice, bob]) {
      await expect.poll(async () => (await xy(p, r2))!.x).toBe(x2);
      expect((await xy(p, r1))!.x).toBe(x1 + 150);
    }
    await alice.keyboard.press('Control+Shift+z');
    for (const p of [alice, bob]) {
      await expect.poll(async () => (await xy(p, r2))!.x).toBe(x2 + 150);
      expect((await xy(p, r1))!.x).toBe(x1 + 150);
    }

    // Alice draws a rectangle, Bob locks it, Alice's undo leaves it (and undoes her move before instead)
    await pickTool(alice, 'r');
    const [a, b] = [await onScreen(alice, 200, 450), await onScreen(alice, 320, 530)];
    await drag(alice, a.x, a.y, b.x, b.y);
    await waitShapeCount(bob, 3);
    const drawn = (await ids(bob)).find((id) => id !== r1 && id !== r2)!;
    await lockAt(bob, drawn, 260, 490);
    // the lock must have reached Alice: before it does, her undo rightly removes the shape
    await expect.poll(() => field(alice, drawn, 'lk')).toBe(1);
    await alice.keyboard.press('Escape');
    await alice.keyboard.press('Control+z');
    await expect.poll(async () => (await xy(bob, r2))!.x).toBe(x2);
    for (const p of [alice, bob]) expect(await ids(p)).toContain(drawn);
    expect(await field(alice, drawn, 'lk')).toBe(1);
  });

  it('a padlock shows on a locked shape under the pointer, and on every locked shape while Menu > Unlock all is pointed at', async () => {
    const [r1, r2, free] = await load(alice, [bob], [rect(200, 250), rect(500, 250), rect(800, 250)]);
    await lockAt(alice, r1, 260, 290);
    await lockAt(alice, r2, 560, 290);
    await expect.poll(() => field(bob, r2, 'lk')).toBe(1);
    await pickTool(bob, 'v');
    const corner1 = await onScreen(bob, 320 + 2 + 10, 250 - 2 - 8);
    const corner2 = await onScreen(bob, 620 + 2 + 10, 250 - 2 - 8);
    const over1 = await onScreen(bob, 260, 290);
    // nothing under the pointer: no padlock
    const away = await onScreen(bob, 700, 600);
    await bob.mouse.move(away.x, away.y);
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([]);
    expect(await padlockPixels(bob, corner1)).toBe(0);
    // over the locked one: its padlock, at its top-right corner
    await bob.mouse.move(over1.x, over1.y);
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([r1]);
    await expect.poll(() => padlockPixels(bob, corner1)).toBeGreaterThan(15);
    expect(await padlockPixels(bob, corner2)).toBe(0);
    // over the unlocked one: none
    const overFree = await onScreen(bob, 860, 290);
    await bob.mouse.move(overFree.x, overFree.y);
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([]);
    await expect.poll(() => padlockPixels(bob, corner1)).toBe(0);
    // Alice unlocks r1 while Bob's pointer is over it: the padlock goes
    await bob.mouse.move(over1.x, over1.y);
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([r1]);
    await alice.keyboard.press('Escape');
    await alice.mouse.move((await onScreen(alice, 260, 290)).x, (await onScreen(alice, 260, 290)).y);
    await alice.keyboard.press('Control+Shift+L');
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([]);
    await lockAt(alice, r1, 260, 290);
    // Menu > Unlock all pointed at: every locked shape shows its padlock; left, they go
    await bob.mouse.move(away.x, away.y);
    await bob.locator('#menu-button').click();
    await bob.locator('.menu-item[data-action="unlock-all"]').hover();
    await expect.poll(async () => (await bob.evaluate(() => window.__wb!.lockMarkers!())).sort()).toEqual([r1, r2].sort());
    await expect.poll(() => padlockPixels(bob, corner2)).toBeGreaterThan(15);
    expect(await padlockPixels(bob, corner1)).toBeGreaterThan(15);
    await bob.locator('.menu-item[data-action="save-board"]').hover();
    await expect.poll(() => bob.evaluate(() => window.__wb!.lockMarkers!())).toEqual([]);
    await bob.keyboard.press('Escape');
    await bob.mouse.click(away.x, away.y);
    expect(await field(bob, free, 'lk')).toBe(null);
  });

  it('a locked frame stays put while its members move alone, in and out, for everyone', async () => {
    const shapes = [frameJson(150, 150, 500, 350, 'Plan'), rect(200, 250, { frame: 0 }), rect(450, 250, { frame: 0 }), rect(800, 250)];
    const [frame, m1, m2, outside] = await load(alice, [bob], shapes);
    expect(await field(bob, m1, 'fr')).toBe(frame);
    // Alice picks the frame by its border and locks it
    await lockAt(alice, frame, 150, 400);
    await expect.poll(() => field(bob, frame, 'lk')).toBe(1);
    const f0 = await xy(alice, frame);
    // Bob drags the frame's border: a click goes through, nothing moves
    await pickTool(bob, 'v');
    const border = await onScreen(bob, 150, 400);
    await drag(bob, border.x, border.y, border.x + 100, border.y + 40);
    expect(await xy(alice, frame)).toEqual(f0);
    // a member moves alone, still a member
    const m1c = await onScreen(bob, 260, 290);
    await bob.mouse.click(m1c.x, m1c.y);
    expect(await selection(bob)).toEqual([m1]);
    const m1at = (await xy(alice, m1))!;
    await drag(bob, m1c.x, m1c.y, m1c.x + 60, m1c.y + 80, { hold: 'Alt' });
    await expect.poll(async () => (await xy(alice, m1))!.y).toBe(m1at.y + 80);
    expect(await xy(alice, frame)).toEqual(f0);
    expect(await field(alice, m1, 'fr')).toBe(frame);
    // another dragged out leaves it, and the rectangle outside dragged in joins it
    const m2c = await onScreen(bob, 510, 290);
    await drag(bob, m2c.x, m2c.y, m2c.x + 400, m2c.y + 300, { hold: 'Alt' });
    await expect.poll(() => field(alice, m2, 'fr')).toBe(null);
    const oc = await onScreen(bob, 860, 290);
    await drag(bob, oc.x, oc.y, oc.x - 300, oc.y + 60, { hold: 'Alt' });
    await expect.poll(() => field(alice, outside, 'fr')).toBe(frame);
    for (const p of [alice, bob]) expect(await xy(p, frame)).toEqual(f0);
    expect(await field(alice, frame, 'lk')).toBe(1);
    // Bob's undo takes the last one out again; the frame still does not move
    await bob.keyboard.press('Control+z');
    await expect.poll(() => field(alice, outside, 'fr')).toBe(null);
    expect(await xy(alice, frame)).toEqual(f0);
  });

  it("Alice's undo of her move of a frame Bob has locked since leaves the frame and its members where they are", async () => {
    const [frame, m1] = await load(alice, [bob], [frameJson(150, 150, 500, 350, 'Plan'), rect(200, 250, { frame: 0 })]);
    await pickTool(alice, 'v');
    const border = await onScreen(alice, 150, 400);
    await alice.mouse.click(border.x, border.y);
    expect(await selection(alice)).toEqual([frame]);
    const [f0, m0] = [(await xy(bob, frame))!, (await xy(bob, m1))!];
    await drag(alice, border.x, border.y, border.x + 100, border.y, { hold: 'Alt' });
    await expect.poll(async () => (await xy(bob, m1))!.x).toBe(m0.x + 100);
    await lockAt(bob, frame, 250, 400);
    await expect.poll(() => field(alice, frame, 'lk')).toBe(1);
    await alice.keyboard.press('Control+z');
    await alice.waitForTimeout(300);
    for (const p of [alice, bob]) {
      expect((await xy(p, frame))!.x).toBe(f0.x + 100);
      expect((await xy(p, m1))!.x).toBe(m0.x + 100);
    }
    expect(await field(bob, m1, 'fr')).toBe(frame);
  });
});
