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
  });
});
