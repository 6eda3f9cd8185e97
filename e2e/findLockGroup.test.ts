/**
 * Find, lock and group in real Chromium, two editors (Alice and Bob) on one board:
 * Ctrl+F finds text in notes, text boxes and labels and zooms the camera to each match;
 * a shape Alice locks can be neither erased nor moved by Bob, and comes back when
 * unlocked; a group Alice moves moves all its members on Bob's screen.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, pickTool, renderedShapes, twoEditorsSuite, waitShapeCount } from './harness.ts';

const camera = (p: Page) => p.evaluate(() => window.__wb!.camera());
const selection = (p: Page) => p.evaluate(() => window.__wb!.selection!());
const board = (shapes: object[]) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes });
const sticky = (x: number, y: number, text: string) => ({ type: 'sticky', x, y, w: 200, h: 200, color: '#1e1e1e', width: 2, bg: '#a5d8ff', text, fontSize: 20 });
const rect = (x: number, y: number, extra: object = {}) => ({ type: 'rect', x, y, w: 120, h: 80, color: '#e03131', width: 4, fill: 'solid', ...extra });

/** Opens a board file on `page` (Menu > Open file) and waits until both pages show its shapes. */
async function load(page: Page, others: Page[], shapes: object[]): Promise<string[]> {
  await clearBoard(page, others);
  expect(await page.evaluate((f) => window.__wb!.importBoard!(f), board(shapes))).toContain(`Imported ${shapes.length}`);
  for (const p of [page, ...others]) await waitShapeCount(p, shapes.length);
  await page.keyboard.press('Escape');
  return (await renderedShapes(page)).map((s) => s.id);
}

/** The shape's centre on screen, from its rendered node. */
async function centreOf(page: Page, id: string): Promise<{ x: number; y: number }> {
  const s = (await renderedShapes(page)).find((r) => r.id === id)!;
  return { x: s.rect.x + s.rect.width / 2, y: s.rect.y + s.rect.height / 2 };
}

/** Resets the camera to 100 % at the origin (Ctrl+0 keeps the pan). */
async function home(page: Page): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  await page.keyboard.press('Control+0');
}

describe('find, lock and group in real Chromium', () => {
  let alice: Page;
  let bob: Page;
  const suite = twoEditorsSuite({ defaultTimeoutMs: 8000 });
  beforeAll(() => void ({ alice, bob } = suite));

  it('Ctrl+F finds text case-insensitively, says "n of m", and Enter / Shift+Enter zoom to each match', async () => {
    const ids = await load(alice, [bob], [
      sticky(3000, 2000, 'Alpha plan'),
      sticky(0, 0, 'beta'),
      { type: 'text', x: -2500, y: 500, w: 10, h: 25, color: '#1e1e1e', width: 2, fontSize: 20, text: 'ALPHA release' },
      rect(1200, -1500, { text: 'the alphabet' }),
    ]);
    const [far, , text, label] = ids;
    await home(alice);
    await alice.keyboard.press('Control+f');
    await expect.poll(() => alice.evaluate(() => document.activeElement?.id)).toBe('find-input');
    await alice.keyboard.type('alpha');
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('1 of 3');
    // reading order: top to bottom: the label (y -1500), the text (y 500), the far note (y 2000)
    const view = { x: 550, y: 350 };
    const expectShown = async (id: string) => {
      await expect.poll(() => selection(alice)).toEqual([id]);
      await alice.waitForTimeout(50);
      const c = await centreOf(alice, id);
      expect(Math.abs(c.x - view.x)).toBeLessThan(3);
      expect(Math.abs(c.y - view.y)).toBeLessThan(3);
    };
    await expectShown(label);
    await alice.keyboard.press('Enter');
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('2 of 3');
    await expectShown(text);
    await alice.locator('#find-bar button[data-find="next"]').click();
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('3 of 3');
    await expectShown(far);
    expect((await camera(alice)).scale).toBe(1);
    // wraps around, and back
    await alice.keyboard.press('Enter');
    await expectShown(label);
    await alice.keyboard.press('Shift+Enter');
    await expectShown(far);
    // Bob types into a note: the count follows the board
    await bob.evaluate((id) => {
      const t = window.__wb!.doc.getMap('shapes').get(id) as import('yjs').Map<unknown>;
      (t.get('txt') as import('yjs').Text).insert(0, 'alpha ');
    }, ids[1]);
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('4 of 4'); // beta (y 0) comes second, the far note stays current
    await alice.locator('#find-input').fill('nothing like it');
    await expect.poll(() => alice.locator('#find-count').textContent()).toBe('No results');
    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.locator('#find-bar').isHidden()).toBe(true);
    // Ctrl+F again keeps the query; Escape with the board focused closes it too
    await alice.keyboard.press('Control+f');
    await expect.poll(() => alice.locator('#find-input').inputValue()).toBe('nothing like it');
    await alice.mouse.click(1000, 650);
    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.locator('#find-bar').isHidden()).toBe(true);
  });

  const field = (p: Page, id: string, key: string) =>
    p.evaluate(([i, k]) => (window.__wb!.doc.getMap('shapes').get(i) as import('yjs').Map<unknown> | undefined)?.get(k) ?? null, [id, key] as const);
  const xOf = async (p: Page, id: string) => (await renderedShapes(p)).find((r) => r.id === id)?.x;
  const count = async (p: Page) => (await renderedShapes(p)).length;

  it('a shape Alice locks can be neither erased, moved nor selected by Bob; unlocked it can', async () => {
    const [locked, other] = await load(alice, [bob], [rect(300, 250), rect(600, 250)]);
    // Bob has it selected when Alice locks it: it leaves his selection, and his keys no longer move it
    await pickTool(bob, 'v');
    const b = await centreOf(bob, locked);
    const x0 = await xOf(bob, locked);
    await bob.mouse.click(b.x, b.y);
    expect(await selection(bob)).toEqual([locked]);
    await pickTool(alice, 'v');
    const a = await centreOf(alice, locked);
    await alice.mouse.click(a.x, a.y);
    expect(await selection(alice)).toEqual([locked]);
    await alice.keyboard.press('Control+Shift+L');
    expect(await selection(alice)).toEqual([]);
    await expect.poll(() => field(bob, locked, 'lk')).toBe(1);
    await expect.poll(() => selection(bob)).toEqual([]);
    await bob.keyboard.press('Shift+ArrowRight');
    await bob.keyboard.press('Delete');

    // Bob: a click goes through it, a drag on it moves nothing, Ctrl+A leaves it out
    await bob.mouse.click(b.x, b.y);
    expect(await selection(bob)).toEqual([]);
    await drag(bob, b.x, b.y, b.x + 120, b.y + 60);
    await bob.keyboard.press('Control+a');
    expect(await selection(bob)).toEqual([other]);
    await bob.keyboard.press('Escape');
    // the eraser swept over both takes only the unlocked one
    const o = await centreOf(bob, other);
    await pickTool(bob, 'e');
    await drag(bob, b.x - 10, b.y, o.x + 10, o.y, { steps: 20 });
    await waitShapeCount(alice, 1);
    expect((await renderedShapes(bob)).map((r) => r.id)).toEqual([locked]);
    expect(await xOf(bob, locked)).toBe(x0);
    expect(await xOf(alice, locked)).toBe(x0);
    await bob.keyboard.press('Control+z');
    await waitShapeCount(alice, 2);

    // Alice unlocks it with the pointer over it (nothing selected): selected again, and Bob can move it
    await alice.keyboard.press('Escape');
    await alice.mouse.move(a.x, a.y);
    await alice.keyboard.press('Control+Shift+L');
    expect(await selection(alice)).toEqual([locked]);
    await expect.poll(() => field(bob, locked, 'lk')).toBe(null);
    await pickTool(bob, 'v');
    await drag(bob, b.x, b.y, b.x + 120, b.y + 60);
    await expect.poll(() => xOf(alice, locked)).not.toBe(x0);
    await bob.keyboard.press('Control+z');
    await expect.poll(() => xOf(alice, locked)).toBe(x0);

    // the style panel's lock button, undone by Alice's Ctrl+Z; Menu > Unlock all
    await alice.mouse.click(a.x, a.y);
    await alice.locator('#style-panel button[data-action="lock"]').click();
    await expect.poll(() => field(bob, locked, 'lk')).toBe(1);
    await alice.keyboard.press('Control+z');
    await expect.poll(() => field(bob, locked, 'lk')).toBe(null);
    await alice.mouse.click(a.x, a.y);
    await alice.keyboard.press('Control+Shift+L');
    await expect.poll(() => field(bob, locked, 'lk')).toBe(1);
    await bob.locator('#menu-button').click();
    await bob.locator('.menu-item[data-action="unlock-all"]').click();
    await expect.poll(() => bob.locator('#toast').textContent()).toBe('Unlocked 1 shape.');
    await expect.poll(() => field(alice, locked, 'lk')).toBe(null);
    expect(await count(alice)).toBe(2);
  });

  it('Ctrl+G groups; a click selects the whole group; a group Alice moves moves all its members on Bob; Ctrl+Shift+G ungroups', async () => {
    const [r1, r2, r3] = await load(alice, [bob], [rect(300, 250), rect(450, 250), rect(600, 250)]);
    await pickTool(alice, 'v');
    const c1 = await centreOf(alice, r1);
    const c2 = await centreOf(alice, r2);
    await alice.mouse.click(c1.x, c1.y);
    await alice.keyboard.down('Shift');
    await alice.mouse.click(c2.x, c2.y);
    await alice.keyboard.up('Shift');
    expect(await alice.locator('#style-panel button[data-action="group"]').isVisible()).toBe(true);
    expect(await alice.locator('#style-panel button[data-action="ungroup"]').isVisible()).toBe(false);
    await alice.keyboard.press('Control+g');
    await expect.poll(() => alice.locator('#style-panel button[data-action="ungroup"]').isVisible()).toBe(true);
    expect(await alice.locator('#style-panel button[data-action="group"]').isVisible()).toBe(false);
    await expect.poll(() => field(bob, r1, 'g')).not.toBe(null);
    expect(await field(bob, r2, 'g')).toBe(await field(bob, r1, 'g'));
    expect(await field(bob, r3, 'g')).toBe(null);

    // one click on a member selects both, on Alice's board and on Bob's
    await alice.keyboard.press('Escape');
    await alice.mouse.click(c2.x, c2.y);
    expect((await selection(alice)).sort()).toEqual([r1, r2].sort());
    await pickTool(bob, 'v');
    const b1 = await centreOf(bob, r1);
    await bob.mouse.click(b1.x, b1.y);
    expect((await selection(bob)).sort()).toEqual([r1, r2].sort());
    await bob.keyboard.press('Escape');

    // Alice drags one member: Bob sees both move by the same amount, the third stays
    const before = await renderedShapes(bob);
    await alice.keyboard.press('Escape');
    await drag(alice, c1.x, c1.y, c1.x + 90, c1.y + 60);
    await expect.poll(() => xOf(bob, r2)).not.toBe(before[1].x);
    const after = await renderedShapes(bob);
    const dx = after[0].x - before[0].x;
    const dy = after[0].y - before[0].y;
    expect(dx).toBeGreaterThan(10);
    expect(after[1].x - before[1].x).toBeCloseTo(dx);
    expect(after[1].y - before[1].y).toBeCloseTo(dy);
    expect([after[2].x, after[2].y]).toEqual([before[2].x, before[2].y]);
    // one undo step for the whole move
    await alice.keyboard.press('Control+z');
    await expect.poll(() => xOf(bob, r2)).toBe(before[1].x);
    expect(await xOf(bob, r1)).toBe(before[0].x);

    // a marquee takes the group only whole
    await alice.keyboard.press('Escape');
    const s1 = (await renderedShapes(alice))[0].rect;
    const s2 = (await renderedShapes(alice))[1].rect;
    await drag(alice, s1.x - 10, s1.y - 10, s1.x + s1.width + 5, s1.y + s1.height + 10);
    expect(await selection(alice)).toEqual([]);
    await drag(alice, s1.x - 10, s1.y - 10, s2.x + s2.width + 5, s2.y + s2.height + 10);
    expect((await selection(alice)).sort()).toEqual([r1, r2].sort());

    // Ctrl+D copies the group as a group of its own
    await alice.keyboard.press('Control+d');
    await waitShapeCount(bob, 5);
    const copies = await selection(alice);
    expect(copies.length).toBe(2);
    const gCopy = await field(bob, copies[0], 'g');
    expect(gCopy).not.toBe(null);
    expect(await field(bob, copies[1], 'g')).toBe(gCopy);
    expect(gCopy).not.toBe(await field(bob, r1, 'g'));
    await alice.keyboard.press('Control+z');
    await waitShapeCount(bob, 3);

    // ungroup: a click then takes one shape
    await alice.mouse.click(c1.x, c1.y);
    await alice.keyboard.press('Control+Shift+G');
    await expect.poll(() => field(bob, r1, 'g')).toBe(null);
    expect(await field(bob, r2, 'g')).toBe(null);
    await alice.keyboard.press('Escape');
    await alice.mouse.click(c1.x, c1.y);
    expect(await selection(alice)).toEqual([r1]);
  });
});
