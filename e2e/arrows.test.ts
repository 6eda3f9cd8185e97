/**
 * Arrows that stay attached, in real Chromium: Alice draws an arrow from one rectangle to
 * another with the arrow tool (real mouse events) and it binds to both; Bob moves a
 * rectangle and the arrow's end follows on Alice's screen and a spectator's; both move
 * the two rectangles at once and everyone ends with the same arrow, the one between where
 * the rectangles are; Bob's undo brings the end back; deleting a rectangle leaves the
 * arrow where it was; the SVG export and the board file hold the arrow as drawn; an elbow
 * arrow is right-angled for everyone.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { clearBoard, drag, openSpectator, pickTool, renderedShapes, twoEditorsSuite, waitShapeCount } from './harness.ts';

const board = (shapes: object[]) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes });
/** How far short of the outline a bound end stops (shapes/common/attach.ts BIND_GAP). */
const GAP = 4;

type Box = { x: number; y: number; w: number; h: number };

/** The drawn points of the shape (board coordinates, client/testHooks.ts), rounded to 1/100 px. */
async function pointsOf(page: Page, id: string): Promise<number[] | null> {
  const s = (await renderedShapes(page)).find((r) => r.id === id);
  return s?.points ? s.points.map((v) => Math.round(v * 100) / 100) : null;
}

/** A rectangle's box as the page's document holds it. */
const boxOf = (page: Page, id: string): Promise<Box> =>
  page.evaluate((i) => {
    const m = window.__wb!.doc.getMap('shapes').get(i) as import('yjs').Map<number>;
    return { x: m.get('x')!, y: m.get('y')!, w: m.get('w')!, h: m.get('h')! };
  }, id);

/** Where the segment from p to the centre of b enters b grown by GAP (b's centre is where it aims). */
function entry(b: Box, from: { x: number; y: number }): { x: number; y: number } {
  const c = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const d = { x: c.x - from.x, y: c.y - from.y };
  let t = 0;
  for (const [p, lo, hi, dd] of [[from.x, b.x - GAP, b.x + b.w + GAP, d.x], [from.y, b.y - GAP, b.y + b.h + GAP, d.y]] as const) {
    if (dd === 0) continue;
    const t0 = Math.min((lo - p) / dd, (hi - p) / dd);
    t = Math.max(t, t0);
  }
  return { x: from.x + d.x * t, y: from.y + d.y * t };
}

/** The arrow centre to centre between two boxes, as every editor must draw it. */
function expected(a: Box, b: Box): number[] {
  const ca = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const cb = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const s = entry(a, cb);
  const e = entry(b, ca);
  return [s.x, s.y, e.x, e.y];
}

const close = (got: number[] | null, want: number[], tol = 0.05) => !!got && got.length === want.length && got.every((v, i) => Math.abs(v - want[i]) <= tol);

/** Board point -> the page's screen point (camera: screen = board * scale + (x, y)). */
async function screen(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const c = await page.evaluate(() => window.__wb!.camera());
  return { x: x * c.scale + c.x, y: y * c.scale + c.y };
}

/**
 * Drags with the mouse from one board point to another (whatever tool is on), with Alt
 * held: a move then lands exactly where it is dragged, not snapped to the other shapes'
 * edges (tools/snapping.ts), since these tests compute where the ends must be.
 */
async function dragBoard(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, steps = 12): Promise<void> {
  const a = await screen(page, from.x, from.y);
  const b = await screen(page, to.x, to.y);
  await page.keyboard.down('Alt');
  try {
    await drag(page, a.x, a.y, b.x, b.y, { steps });
  } finally {
    await page.keyboard.up('Alt');
  }
}

/** Every page at 100 %, the board centred (zoom to fit, then 100 %), clear of the panels. */
async function at100(pages: Page[]): Promise<void> {
  for (const p of pages) {
    await p.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
    await p.keyboard.press('Shift+Digit1');
    await p.waitForTimeout(100);
    await p.keyboard.press('Control+0');
    await expect.poll(() => p.evaluate(() => window.__wb!.camera().scale)).toBe(1);
  }
}

const W = 120;
const H = 80;
const box = (x: number, y: number): Box => ({ x, y, w: W, h: H });
const rect = (x: number, y: number) => ({ type: 'rect', x, y, w: W, h: H, color: '#1971c2', width: 2 });
/** the arrow's points on every page, within 0.05 px of `want` */
async function expectArrow(pages: Page[], id: string, want: number[]): Promise<void> {
  for (const p of pages) await expect.poll(() => pointsOf(p, id).then((got) => close(got, want) || got)).toBe(true);
}

describe('arrows that stay attached, in real Chromium', () => {
  let alice: Page;
  let bob: Page;
  let viewer: Page;
  let a: string;
  let b: string;
  let arrow: string;
  const suite = twoEditorsSuite({ defaultTimeoutMs: 10_000 });
  beforeAll(async () => {
    ({ alice, bob } = suite);
    viewer = await openSpectator(suite.browser, suite.relay.http + suite.room.viewUrl);
  }, 60_000);
  afterAll(async () => {
    await viewer?.context().close();
  });
  const everyone = () => [alice, bob, viewer];

  it('an arrow drawn from one shape to another binds to both and ends on their facing edges, for everyone', async () => {
    await clearBoard(alice, [bob, viewer]);
    expect(await alice.evaluate((f) => window.__wb!.importBoard!(f), board([rect(0, 0), rect(400, 0)]))).toContain('Imported 2');
    for (const p of everyone()) await waitShapeCount(p, 2);
    await alice.keyboard.press('Escape');
    await at100([alice, bob]);
    [a, b] = (await renderedShapes(alice)).map((s) => s.id);
    await pickTool(alice, 'a');
    await dragBoard(alice, { x: 60, y: 40 }, { x: 460, y: 40 });
    for (const p of everyone()) await waitShapeCount(p, 3);
    arrow = (await renderedShapes(alice)).find((s) => s.type === 'arrow')!.id;
    const bound = await alice.evaluate((id) => {
      const m = window.__wb!.doc.getMap('shapes').get(id) as import('yjs').Map<unknown>;
      return [m.get('sb'), m.get('eb')] as [string, number, number][];
    }, arrow);
    expect(bound).toEqual([[a, 500, 500], [b, 500, 500]]);
    for (const p of everyone()) await expect.poll(() => pointsOf(p, arrow)).toEqual([W + GAP, 40, 400 - GAP, 40]);
  });

  it('moving a bound shape moves the arrow end on the other editor and the spectator', async () => {
    await pickTool(bob, 'v');
    await bob.keyboard.press('Escape');
    await dragBoard(bob, { x: 460, y: 20 }, { x: 460, y: 170 });
    await expect.poll(() => boxOf(alice, b)).toEqual(box(400, 150));
    await expectArrow(everyone(), arrow, expected(box(0, 0), box(400, 150)));
    // the arrow's own fields were not written by Bob's move: only the rectangle's
    expect(await bob.evaluate((id) => (window.__wb!.doc.getMap('shapes').get(id) as import('yjs').Map<number>).get('y'), arrow)).toBe(40);
  });

  it('two people moving the two bound shapes at once end with the same arrow, between where the shapes are', async () => {
    await pickTool(alice, 'v');
    await alice.keyboard.press('Escape');
    await Promise.all([dragBoard(alice, { x: 60, y: 20 }, { x: 10, y: -130 }, 20), dragBoard(bob, { x: 460, y: 170 }, { x: 560, y: 220 }, 20)]);
    for (const p of [alice, bob]) {
      await expect.poll(() => boxOf(p, a)).toEqual(box(-50, -150));
      await expect.poll(() => boxOf(p, b)).toEqual(box(500, 200));
    }
    await expectArrow(everyone(), arrow, expected(box(-50, -150), box(500, 200)));
    const [pa, pb, pv] = await Promise.all(everyone().map((p) => pointsOf(p, arrow)));
    expect(pb).toEqual(pa);
    expect(pv).toEqual(pa);
  });

  it("Bob's undo takes back only his move, and the arrow end goes back with his shape", async () => {
    await bob.keyboard.press('Control+z');
    await expect.poll(() => boxOf(alice, b)).toEqual(box(400, 150));
    expect(await boxOf(alice, a)).toEqual(box(-50, -150));
    await expectArrow(everyone(), arrow, expected(box(-50, -150), box(400, 150)));
  });

  it('the SVG export and the board file hold the arrow where it is drawn, with its bindings', async () => {
    const pts = (await pointsOf(alice, arrow))!;
    await alice.keyboard.press('Escape');
    await alice.locator('#menu-button').click();
    await alice.locator('.menu-item[data-action="export-image"]').click();
    const [download] = await Promise.all([alice.waitForEvent('download'), alice.locator('button[data-export="svg"]').click()]);
    const svg = readFileSync(await download.path(), 'utf8');
    const n = (v: number) => String(Math.round(v * 100) / 100);
    expect(svg).toContain(`<g transform="translate(${n(pts[0])} ${n(pts[1])})">`);
    expect(svg).toContain(`<line x1="0" y1="0" x2="${n(pts[2] - pts[0])}" y2="${n(pts[3] - pts[1])}"`);
    await alice.keyboard.press('Escape');
    const file = JSON.parse(await alice.evaluate(() => window.__wb!.exportBoard!())) as { shapes: Record<string, unknown>[] };
    const j = file.shapes.find((s) => s.type === 'arrow')!;
    expect(j).toMatchObject({ start: { shape: 0, x: 0.5, y: 0.5 }, end: { shape: 1, x: 0.5, y: 0.5 } });
    expect([j.x, j.y]).toEqual([pts[0], pts[1]]);
  });

  it('an elbow arrow is right-angled for everyone', async () => {
    // select the arrow by clicking its shaft, then the style panel's elbow button
    const pts = (await pointsOf(alice, arrow))!;
    const mid = await screen(alice, (pts[0] + pts[2]) / 2, (pts[1] + pts[3]) / 2);
    await alice.mouse.click(mid.x, mid.y);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([arrow]);
    await alice.locator('#style-panel button[data-elbow="true"]').click();
    const rightAngled = (r: number[] | null) => !!r && r.length >= 6 && r.every((_, i) => i % 2 === 1 || i + 3 >= r.length || r[i] === r[i + 2] || r[i + 1] === r[i + 3]);
    for (const p of everyone()) await expect.poll(() => pointsOf(p, arrow).then(rightAngled)).toBe(true);
    // from a's right side (its middle, just outside) to b's left side (its middle)
    const r = (await pointsOf(viewer, arrow))!;
    expect([r[0], r[1], r[r.length - 2], r[r.length - 1]]).toEqual([-50 + W + GAP, -150 + H / 2, 400 - GAP, 150 + H / 2]);
    await alice.keyboard.press('Control+z');
    for (const p of everyone()) await expect.poll(() => pointsOf(p, arrow).then((x) => x?.length)).toBe(4);
  });

  it('deleting a bound shape leaves the arrow where it was; the undo of the delete binds it again', async () => {
    const before = (await pointsOf(alice, arrow))!;
    await bob.keyboard.press('Escape');
    const c = await screen(bob, 460, 190);
    await bob.mouse.click(c.x, c.y);
    await expect.poll(() => bob.evaluate(() => window.__wb!.selection!())).toEqual([b]);
    await bob.keyboard.press('Delete');
    for (const p of everyone()) await waitShapeCount(p, 2);
    for (const p of everyone()) expect(await pointsOf(p, arrow)).toEqual(before);
    expect(await alice.evaluate((id) => (window.__wb!.doc.getMap('shapes').get(id) as import('yjs').Map<unknown>).has('eb'), arrow)).toBe(false);
    // Alice moves the other shape: the free end stays, the bound one follows
    await alice.keyboard.press('Escape');
    await dragBoard(alice, { x: 10, y: -130 }, { x: 10, y: -30 });
    // (the mouse lands on whole pixels: the move is 100 px give or take a fraction)
    await expect.poll(() => boxOf(bob, a).then((m) => Math.abs(m.y + 50) < 0.5)).toBe(true);
    const movedA = await boxOf(bob, a);
    await expect.poll(() => pointsOf(viewer, arrow).then((m) => m![1] > before[1] + 50 && m![2] === before[2] && m![3] === before[3])).toBe(true);
    await bob.keyboard.press('Control+z');
    for (const p of everyone()) await waitShapeCount(p, 3);
    await expectArrow(everyone(), arrow, expected(movedA, box(400, 150)));
  });

  it("dragging a free arrow's end handle onto a shape binds it", async () => {
    await clearBoard(alice, [bob, viewer]);
    const free = { type: 'arrow', x: 0, y: 40, w: 200, h: 0, color: '#1e1e1e', width: 2 };
    expect(await alice.evaluate((f) => window.__wb!.importBoard!(f), board([rect(400, 0), free]))).toContain('Imported 2');
    for (const p of everyone()) await waitShapeCount(p, 2);
    await at100([alice, bob]);
    const [r, ar] = (await renderedShapes(alice)).map((s) => s.id);
    // the import selected both: select the arrow alone, then drag its end handle into the rectangle
    await alice.keyboard.press('Escape');
    const mid = await screen(alice, 100, 40);
    await alice.mouse.click(mid.x, mid.y);
    await expect.poll(() => alice.evaluate(() => window.__wb!.selection!())).toEqual([ar]);
    await dragBoard(alice, { x: 200, y: 40 }, { x: 450, y: 50 });
    // near the middle, the anchor is the middle: the end stops on the left edge
    for (const p of everyone()) await expect.poll(() => pointsOf(p, ar)).toEqual([0, 40, 400 - GAP, 40]);
    // Bob moves the rectangle: the end follows
    await pickTool(bob, 'v');
    await bob.keyboard.press('Escape');
    await dragBoard(bob, { x: 460, y: 20 }, { x: 460, y: 170 });
    await expect.poll(() => boxOf(alice, r)).toEqual(box(400, 150));
    await expectArrow(everyone(), ar, [0, 40, ...(() => {
      const e = entry(box(400, 150), { x: 0, y: 40 });
      return [e.x, e.y];
    })()]);
  });
});
