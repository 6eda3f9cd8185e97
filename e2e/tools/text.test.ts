/**
 * Text (T) and sticky notes (S) in real Chromium: click to place and type in place,
 * double-click to edit, two people typing into the same text box at once (Y.Text),
 * font size, labels on shapes, per-user undo of text edits. Checked on both editors.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, pickTool, pixelsOfColor, renderedShapes, waitShapeCount, twoEditorsSuite } from '../harness.ts';

const texts = (p: Page) => renderedShapes(p).then((s) => s.map((x) => x.text));
/** The in-place editor is open and has the keyboard focus. */
const editorOpen = (p: Page) => p.waitForFunction(() => document.activeElement?.matches('textarea.text-editor') === true);

describe('text and sticky tools in real Chromium', () => {
  let alice: Page;
  let bob: Page;

  const suite = twoEditorsSuite({ defaultTimeoutMs: 8000 });
  beforeAll(() => void ({ alice, bob } = suite));

  it('text: click places a box, typing appears on Bob’s canvas as it is typed', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 't');
    await alice.mouse.click(400, 300);
    await editorOpen(alice);
    await alice.keyboard.type('Hello');
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.text === 'Hello');
    await alice.keyboard.press('Escape');
    await expect.poll(() => alice.locator('textarea.text-editor').count()).toBe(0);
    const [s] = await renderedShapes(bob);
    expect(s).toMatchObject({ type: 'text', x: 400 });
    expect(s.width).toBeGreaterThan(40);
    // the canvas shows the glyphs (dark pixels) on both sides
    for (const p of [alice, bob]) expect(await pixelsOfColor(p, '#1e1e1e')).toBeGreaterThan(40);
    // an empty text box is dropped again
    await pickTool(alice, 't');
    await alice.mouse.click(600, 500);
    await editorOpen(alice);
    await alice.keyboard.press('Escape');
    await alice.waitForTimeout(200);
    expect(await renderedShapes(alice).then((x) => x.length)).toBe(1);
  });

  it('two people edit the same text at once: both edits survive, on both screens', async () => {
    const [s] = await renderedShapes(alice);
    await pickTool(alice, 'v');
    await pickTool(bob, 'v');
    const cx = s.rect.x + s.rect.width / 2;
    const cy = s.rect.y + s.rect.height / 2;
    await alice.mouse.dblclick(cx, cy);
    await bob.mouse.dblclick(cx, cy);
    await Promise.all([editorOpen(alice), editorOpen(bob)]);
    await bob.keyboard.press('Control+Home');
    // interleave keystrokes: really concurrent edits
    for (const [a, b] of [[' ', 'O'], ['w', 'h'], ['o', ','], ['r', ' '], ['l', ''], ['d', '']]) {
      await Promise.all([alice.keyboard.type(a), b ? bob.keyboard.type(b) : null]);
    }
    const want = 'Oh, Hello world';
    for (const p of [alice, bob]) {
      await p.waitForFunction((w) => (document.querySelector('textarea.text-editor') as HTMLTextAreaElement)?.value === w, want);
    }
    // Ctrl+Z / Ctrl+Shift+Z inside the text box are the board's per-person undo, not the
    // textarea's own history: Alice's typing goes and comes back, Bob's stays, both see it
    const textareaIs = (p: Page, w: string) =>
      p.waitForFunction((v) => (document.querySelector('textarea.text-editor') as HTMLTextAreaElement)?.value === v, w);
    await alice.keyboard.press('Control+z');
    await Promise.all([textareaIs(alice, 'Oh, Hello'), textareaIs(bob, 'Oh, Hello')]);
    await alice.keyboard.press('Control+Shift+z');
    await Promise.all([textareaIs(alice, want), textareaIs(bob, want)]);
    await alice.keyboard.press('Escape');
    await bob.keyboard.press('Escape');
    for (const p of [alice, bob]) await p.waitForFunction((w) => window.__wb!.renderedShapes()[0]?.text === w, want);
    // undo is per person: Alice's undo removes " world", keeps Bob's "Oh, "
    await alice.keyboard.press('Control+z');
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.text === 'Oh, Hello');
    // font size from the style panel (text grows on Bob's side too)
    const h0 = (await renderedShapes(bob))[0].height;
    await alice.mouse.click(cx, cy);
    await alice.locator('#style-panel button[data-font-size="40"]').click();
    await bob.waitForFunction((h) => window.__wb!.renderedShapes()[0].height > h * 1.5, h0);
  });

  it('sticky: click drops a coloured note ready for typing; Bob sees note and text', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 's');
    await alice.mouse.click(600, 350);
    await editorOpen(alice);
    await alice.keyboard.type('Buy milk');
    await alice.keyboard.press('Escape');
    await waitShapeCount(bob, 1);
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.text === 'Buy milk');
    const [s] = await renderedShapes(bob);
    expect(s).toMatchObject({ type: 'sticky', x: 500, y: 250, width: 200, height: 200 });
    expect(await pixelsOfColor(bob, '#ffec99')).toBeGreaterThan(30_000);
    // double-click edits it again
    await alice.mouse.dblclick(600, 300);
    await editorOpen(alice);
    await alice.keyboard.press('End');
    await alice.keyboard.type('!');
    await alice.keyboard.press('Escape');
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.text === 'Buy milk!');
  });

  it('double-click a rectangle to give it a label', async () => {
    await clearBoard(alice, [bob]);
    await pickTool(alice, 'r');
    await drag(alice, 300, 200, 500, 320);
    await alice.mouse.dblclick(400, 260);
    await editorOpen(alice);
    await alice.keyboard.type('Box');
    await alice.keyboard.press('Escape');
    await bob.waitForFunction(() => window.__wb!.renderedShapes()[0]?.text === 'Box');
    expect(await texts(alice)).toEqual(['Box']);
  });
});
