/**
 * Version history in real Chromium: a named version saved from the History panel,
 * looked at read-only, restored as one change both editors get and the restorer can
 * undo, a replay of the board's growth, and no history controls for a spectator.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { drawStroke, openSpectator, twoEditorsSuite, waitShapeCount } from './harness.ts';

const shapeIds = (page: Page) => page.evaluate(() => [...window.__wb!.doc.getMap('shapes').keys()].sort());
const statusText = (page: Page) => page.locator('#history-status').innerText();

describe('version history in real Chromium', () => {
  const s = twoEditorsSuite({ defaultTimeoutMs: 15_000 });

  it('save a version, see it read-only, restore it for everyone, undo the restore, replay the board', async () => {
    const { alice, bob } = s;
    await drawStroke(alice, 300, 300);
    await drawStroke(alice, 300, 380);
    await waitShapeCount(bob, 2);
    const saved = await shapeIds(alice);

    await alice.click('#history-button');
    await alice.fill('#version-name', 'Two strokes');
    await alice.click('#save-version');
    await alice.locator('.version-row', { hasText: 'Two strokes' }).waitFor();
    expect(await alice.locator('.version-row', { hasText: 'Two strokes' }).innerText()).toContain('Alice');

    // later work by both
    await drawStroke(bob, 300, 460);
    await drawStroke(alice, 300, 540);
    await waitShapeCount(alice, 4);
    await waitShapeCount(bob, 4);
    const later = await shapeIds(alice);

    // read-only look: a preview of two shapes; the board is unchanged
    await alice.locator('.version-row', { hasText: 'Two strokes' }).click();
    await expect.poll(() => alice.locator('#version-preview').getAttribute('data-shapes')).toBe('2');
    expect(await alice.locator('#version-preview').getAttribute('src')).toMatch(/^blob:/);
    await alice.click('#view-overlay');
    await expect.poll(() => alice.locator('#version-overlay').isVisible()).toBe(true);
    expect(await shapeIds(alice)).toEqual(later);

    // restore: one change, both editors see the version's board
    await alice.click('#restore-version');
    await expect.poll(() => shapeIds(bob)).toEqual(saved);
    await expect.poll(() => shapeIds(alice)).toEqual(saved);
    await expect.poll(() => statusText(alice)).toContain('Restored “Two strokes”');
    // the board before the restore is a version too
    await alice.locator('.version-row', { hasText: 'Before restoring “Two strokes”' }).waitFor();

    // undo takes the restore back, for everyone, in one step
    await alice.keyboard.press('Control+z');
    await expect.poll(() => shapeIds(bob)).toEqual(later);

    // replay: from the empty board to now, one step per shape added
    await alice.click('#replay-open');
    await alice.locator('#replay-view').waitFor();
    const max = Number(await alice.locator('#replay-slider').getAttribute('max'));
    expect(max).toBeGreaterThanOrEqual(4);
    await alice.locator('#replay-slider').fill('1');
    await expect.poll(() => alice.locator('#replay-step').innerText()).toBe(`Step 1 of ${max}`);
    await expect.poll(() => alice.locator('#version-preview').getAttribute('data-shapes')).toBe('1');
    await alice.locator('#replay-slider').fill(String(max));
    await expect.poll(() => alice.locator('#version-preview').getAttribute('data-shapes')).toBe('4');
  }, 90_000);

  it('a spectator has no history controls', async () => {
    const viewer = await openSpectator(s.browser, s.relay.http + s.room.viewUrl);
    expect(await viewer.locator('#history-button').count()).toBe(0);
    expect(await viewer.locator('#restore-version').count()).toBe(0);
    await viewer.close();
  });
});
