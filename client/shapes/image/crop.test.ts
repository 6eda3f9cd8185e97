import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import { parseShapesDocument } from '../../board/format.ts';
import { readAllShapes } from '../../board/read.ts';
import { copyShapes, insertShapes, shapesToJSON } from '../../board/serialize.ts';
import { shapesMap } from '../../board/strokes.ts';
import { createUndo } from '../../board/undo.ts';
import { exportSVG } from '../../render/exportImage.ts';
import { toBoard } from '../common/local.ts';
import { CROP_EDGES, cropHit, cropOf, croppedGeometry, dragHandle, fullRect, moveRect, uncroppedGeometry, writeCrop, type Crop } from './crop.ts';
import type { ImageShape } from './index.ts';

const SHA = 'ab'.repeat(32);

function docWith(fields: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  const m = new Y.Map<unknown>();
  shapesMap(doc).set('img', m);
  const all = { type: 'image', z: 'a0', x: 100, y: 50, w: 200, h: 100, f: SHA, mime: 'image/png', nw: 400, nh: 200, ...fields };
  for (const [k, v] of Object.entries(all)) m.set(k, v);
  return doc;
}
const image = (doc: Y.Doc) => readAllShapes(doc)[0] as ImageShape;

describe('crop math', () => {
  it('the whole file spans around the box by the crop', () => {
    expect(fullRect({ w: 200, h: 100, crop: null })).toEqual({ x: 0, y: 0, w: 200, h: 100 });
    // the right half of the file, shown 100 wide: the file is 200 wide, starting 100 to the left
    expect(fullRect({ w: 100, h: 100, crop: [0.5, 0, 1, 1] })).toEqual({ x: -100, y: 0, w: 200, h: 100 });
    expect(fullRect({ w: 50, h: 25, crop: [0.25, 0.5, 0.5, 0.75] })).toEqual({ x: -50, y: -50, w: 200, h: 100 });
  });

  it('a rect over the file is a crop; all of it is none', () => {
    const full = { x: -100, y: 0, w: 200, h: 100 };
    expect(cropOf(full, { x: -100, y: 0, w: 200, h: 100 })).toBeNull();
    expect(cropOf(full, { x: -50, y: 25, w: 100, h: 50 })).toEqual([0.25, 0.25, 0.75, 0.75]);
    // past the file's edges is clamped to them
    expect(cropOf(full, { x: -150, y: -10, w: 150, h: 200 })).toEqual([0, 0, 0.5, 1]);
  });

  it('cropping keeps the file where it is on the board, rotated too', () => {
    for (const rotation of [0, 30, -135]) {
      const s = { x: 100, y: 50, rotation, w: 200, h: 100, crop: null };
      const g = croppedGeometry(s, { x: 50, y: 20, w: 100, h: 60 });
      expect(g.w).toBe(100);
      expect(g.h).toBe(60);
      expect(g.crop).toEqual([0.25, 0.2, 0.75, 0.8]);
      // the new box's origin is where that point of the file was
      const o = toBoard(s, 50, 20);
      expect(g.x).toBeCloseTo(o.x, 9);
      expect(g.y).toBeCloseTo(o.y, 9);
      // and the file's corner stays put: the full rect of the new shape starts at the old origin
      const after = { ...s, ...g };
      const f = fullRect(after);
      const corner = toBoard(after, f.x, f.y);
      expect(corner.x).toBeCloseTo(100, 6);
      expect(corner.y).toBeCloseTo(50, 6);
      expect(f.w).toBeCloseTo(200, 6);
      // reset: the whole file where it was
      const reset = uncroppedGeometry(after);
      expect(reset.crop).toBeNull();
      expect(reset.x).toBeCloseTo(100, 6);
      expect(reset.y).toBeCloseTo(50, 6);
      expect(reset.w).toBeCloseTo(200, 6);
      expect(reset.h).toBeCloseTo(100, 6);
    }
  });

  it('handles move their edges inside the file and keep a least size', () => {
    const full = { x: 0, y: 0, w: 200, h: 100 };
    const r = { x: 0, y: 0, w: 200, h: 100 };
    expect(dragHandle(r, 'e', { x: 120, y: 999 }, full, 4)).toEqual({ x: 0, y: 0, w: 120, h: 100 });
    expect(dragHandle(r, 'nw', { x: 50, y: 30 }, full, 4)).toEqual({ x: 50, y: 30, w: 150, h: 70 });
    // out of the file: stops at its edge
    expect(dragHandle({ x: 50, y: 30, w: 100, h: 40 }, 'sw', { x: -80, y: 300 }, full, 4)).toEqual({ x: 0, y: 30, w: 150, h: 70 });
    // past the other edge: the least size
    expect(dragHandle(r, 'w', { x: 500, y: 0 }, full, 4)).toEqual({ x: 196, y: 0, w: 4, h: 100 });
    // shift on a corner keeps the proportions, within the file
    const k = dragHandle({ x: 0, y: 0, w: 100, h: 50 }, 'se', { x: 150, y: 60 }, full, 4, true);
    expect(k.w / k.h).toBeCloseTo(2, 9);
    expect(k.w).toBeCloseTo(150, 9);
    const fit = dragHandle({ x: 0, y: 0, w: 100, h: 50 }, 'se', { x: 400, y: 90 }, full, 4, true);
    expect(fit).toEqual({ x: 0, y: 0, w: 200, h: 100 });
  });

  it('the rect moves inside the file; hits find handles, the rect and the file', () => {
    const full = { x: -100, y: 0, w: 200, h: 100 };
    const r = { x: 0, y: 0, w: 100, h: 100 };
    expect(moveRect(r, -30, 20, full)).toEqual({ x: -30, y: 0, w: 100, h: 100 });
    expect(moveRect(r, 500, 0, full)).toEqual({ x: 0, y: 0, w: 100, h: 100 });
    expect(moveRect(r, -500, 0, full)).toEqual({ x: -100, y: 0, w: 100, h: 100 });
    expect(cropHit(r, full, { x: 1, y: 2 }, 5)).toBe('nw');
    expect(cropHit(r, full, { x: 100, y: 50 }, 5)).toBe('e');
    expect(cropHit(r, full, { x: 50, y: 50 }, 5)).toBe('inside');
    expect(cropHit(r, full, { x: -50, y: 50 }, 5)).toBe('file');
    expect(cropHit(r, full, { x: -150, y: 50 }, 5)).toBeNull();
  });
});

describe('crops in the document', () => {
  it('writeCrop stores the box and the crop as one undo step, and reset removes it', () => {
    const doc = docWith({});
    const undo = createUndo(doc);
    const s = image(doc);
    undo.beginAction();
    // two drags of one crop session: one step
    writeCrop(doc, 'img', croppedGeometry(s, { x: 100, y: 0, w: 100, h: 100 }));
    writeCrop(doc, 'img', croppedGeometry(s, { x: 100, y: 0, w: 100, h: 50 }));
    undo.endAction();
    expect(image(doc)).toMatchObject({ x: 200, y: 50, w: 100, h: 50, crop: [0.5, 0, 1, 0.5] });
    // one field per edge moved (the others are at their default)
    expect(shapesMap(doc).get('img')!.toJSON()).toMatchObject({ cx0: 0.5, cy1: 0.5 });
    expect(shapesMap(doc).get('img')!.has(F.cropY0)).toBe(false);
    expect(shapesMap(doc).get('img')!.has(F.crop)).toBe(false);
    undo.beginAction();
    writeCrop(doc, 'img', uncroppedGeometry(image(doc)));
    undo.endAction();
    expect(image(doc)).toMatchObject({ x: 100, y: 50, w: 200, h: 100, crop: null });
    expect(CROP_EDGES.some((k) => shapesMap(doc).get('img')!.has(k))).toBe(false);
    undo.undo();
    expect(image(doc)).toMatchObject({ x: 200, w: 100, h: 50, crop: [0.5, 0, 1, 0.5] });
    undo.undo();
    expect(image(doc)).toMatchObject({ x: 100, y: 50, w: 200, h: 100, crop: null });
  });

  it('a hostile crop reads as none or clamped, never as something to paint badly', () => {
    const bad: unknown[] = ['0,0,1,1', [0, 0, 1], [0.5, 0.5, 0.5, 0.9], [0.9, 0, 0.1, 1], [Number.NaN, 0, 1, 1], [0, 0, Infinity, 1], { 0: 0, 1: 0, 2: 1, 3: 1, length: 4 }, [0, 0, 1, 1], null];
    for (const crop of bad) expect(image(docWith({ [F.crop]: crop })).crop).toBeNull();
    expect(image(docWith({ [F.crop]: [-3, 0.25, 7, 0.75] })).crop).toEqual([0, 0.25, 1, 0.75]);
    // painting math stays finite on any crop it reads
    const f = fullRect(image(docWith({ [F.crop]: [0, 0, 0.001, 0.001] })));
    expect([f.x, f.y, f.w, f.h].every(Number.isFinite)).toBe(true);
  });

  it('the crop survives copy and paste (JSON) and shows in the SVG export as a viewBox', () => {
    const doc = docWith({ [F.crop]: [0.25, 0, 0.75, 1], w: 100, h: 100 });
    const json = copyShapes(doc, ['img']);
    const [j] = parseShapesDocument(json).shapes;
    expect(j.crop).toEqual([0.25, 0, 0.75, 1]);
    const other = new Y.Doc();
    insertShapes(other, [j], { author: 'me' });
    expect(shapesToJSON(other)[0].crop).toEqual([0.25, 0, 0.75, 1]);
    const svg = exportSVG([image(doc)], { background: 'transparent' }) ?? '';
    // no file bytes in Node: the placeholder; the viewBox needs the file (e2e checks it)
    expect(svg).toContain('<rect width="100" height="100"');
  });

  it('fine crops are kept to a millionth', () => {
    const doc = docWith({});
    const s = image(doc);
    writeCrop(doc, 'img', croppedGeometry(s, { x: 1 / 3, y: 0, w: 100, h: 100 }));
    const c = image(doc).crop as Crop;
    expect(c[0]).toBeCloseTo(1 / 600, 6);
    expect(String(c[0]).length).toBeLessThanOrEqual(8);
  });

  it('two people cropping different edges at once both keep their edge', () => {
    const alice = docWith({});
    const bob = new Y.Doc();
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    // offline from each other: Alice takes the left quarter off, Bob the bottom half
    writeCrop(alice, 'img', croppedGeometry(image(alice), { x: 50, y: 0, w: 150, h: 100 }));
    writeCrop(bob, 'img', croppedGeometry(image(bob), { x: 0, y: 0, w: 200, h: 50 }));
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice));
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob));
    for (const doc of [alice, bob]) expect(image(doc).crop).toEqual([0.25, 0, 1, 0.5]);
    // and the left and right edges at once
    const carol = docWith({});
    const dave = new Y.Doc();
    Y.applyUpdate(dave, Y.encodeStateAsUpdate(carol));
    writeCrop(carol, 'img', croppedGeometry(image(carol), { x: 20, y: 0, w: 180, h: 100 }));
    writeCrop(dave, 'img', croppedGeometry(image(dave), { x: 0, y: 0, w: 160, h: 100 }));
    Y.applyUpdate(dave, Y.encodeStateAsUpdate(carol));
    Y.applyUpdate(carol, Y.encodeStateAsUpdate(dave));
    for (const doc of [carol, dave]) expect(image(doc).crop).toEqual([0.1, 0, 0.8, 1]);
  });

  it("an older board's crop array is read, and replaced by edge fields when cropped again", () => {
    const doc = docWith({ [F.crop]: [0.25, 0, 0.75, 1], w: 100, h: 100 });
    expect(image(doc).crop).toEqual([0.25, 0, 0.75, 1]);
    const s = image(doc);
    // the top fifth off, the rest as it was
    writeCrop(doc, 'img', croppedGeometry(s, { x: 0, y: 20, w: 100, h: 80 }));
    const m = shapesMap(doc).get('img')!;
    expect(m.has(F.crop)).toBe(false);
    expect(image(doc).crop).toEqual([0.25, 0.2, 0.75, 1]);
    // its JSON is the same array as before
    expect(shapesToJSON(doc)[0].crop).toEqual([0.25, 0.2, 0.75, 1]);
    // a hostile edge reads clamped or as none
    expect(image(docWith({ [F.cropX0]: 'x', [F.cropX1]: 0.5 })).crop).toBeNull();
    expect(image(docWith({ [F.cropX1]: 7, [F.cropY0]: 0.5 })).crop).toEqual([0, 0.5, 1, 1]);
  });
});
