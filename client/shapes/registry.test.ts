import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { boundsOf, corners, hitTest, toBoard } from '../board/geometry.ts';
import { BOARD_KIND, parseShapesDocument, type ShapeJSON } from '../board/format.ts';
import { readAllShapes } from '../board/read.ts';
import { exportBoard, insertShapes, makeDocument, shapeToJSON } from '../board/serialize.ts';
import { shapesMap } from '../board/strokes.ts';
import { newPaintCache, paintShape } from '../render/paint.ts';
import { moduleFor, moduleOfMap, shapeModule, shapeTypes } from './registry.ts';
import type { Shape } from './types.ts';

/** One shape of every registered type, in values that survive storage exactly (points in half px, pressures in 1/255). */
const SAMPLES: Record<string, ShapeJSON> = {
  stroke: { type: 'stroke', x: 100, y: 50, color: '#2f9e44', width: 4, points: [0, 0, 0.2, 20, 10, 0.6, 40, 0, 1], scaleX: 2, highlighter: true },
  rect: { type: 'rect', x: 10, y: 20, rotation: 15, color: '#e03131', width: 2, opacity: 0.5, dash: true, w: 100, h: 60, fill: 'semi', text: 'label' },
  ellipse: { type: 'ellipse', x: -50, y: 0, color: '#1971c2', width: 8, w: 80, h: 40, fill: 'solid', fontSize: 28 },
  line: { type: 'line', x: 0, y: 0, color: '#1e1e1e', width: 2, w: 120, h: -40 },
  arrow: { type: 'arrow', x: 5, y: 5, rotation: -30, color: '#f08c00', width: 4, dash: true, w: -60, h: 30 },
  text: { type: 'text', x: 300, y: 300, color: '#1e1e1e', width: 2, fontSize: 40, w: 10, h: 10, text: 'héllo\nworld' },
  sticky: { type: 'sticky', x: 0, y: 200, color: '#1e1e1e', width: 2, fontSize: 20, w: 200, h: 200, text: 'note', bg: '#a5d8ff' },
  // an image has no stroke: its colour and width are the defaults
  image: { type: 'image', x: 40, y: 60, rotation: 10, color: '#1e1e1e', width: 4, opacity: 0.8, w: 200, h: 100, file: 'ab'.repeat(32), mime: 'image/jpeg', naturalWidth: 400, naturalHeight: 200, crop: [0.1, 0, 0.9, 1] },
  // a frame has no style of its own: the defaults
  frame: { type: 'frame', x: -200, y: -100, color: '#1e1e1e', width: 4, w: 300, h: 200, name: 'Intro' },
};

/** A text shape's box is its text's, whatever the file said. */
const SIZED_BY_TEXT = new Set(['text']);

/** Per type, in the sample's local frame: a point on the shape and one off it but near. */
const PICKS: Record<string, { on: [number, number]; off: [number, number] }> = {
  // the points scaled by sx = 2: (0,0) (40,10) (80,0); off: above the middle vertex, past the highlighter's ink
  stroke: { on: [20, 5], off: [40, -1] },
  rect: { on: [50, 30], off: [-10, -10] },
  // the corner of the box around the curve is off
  ellipse: { on: [40, 20], off: [2, 2] },
  line: { on: [60, -20], off: [110, -2] },
  arrow: { on: [-30, 15], off: [-55, 2] },
  text: { on: [10, 10], off: [-20, -20] },
  sticky: { on: [100, 100], off: [-20, 100] },
  image: { on: [100, 50], off: [-10, -10] },
  // on its border or its name; not inside (a click there reaches what the frame holds)
  frame: { on: [0, 100], off: [150, 100] },
};

function fromJson(list: ShapeJSON[]): Y.Doc {
  const doc = new Y.Doc();
  insertShapes(doc, list, { author: 'me' });
  return doc;
}

const readSample = (type: string): Shape => readAllShapes(fromJson([SAMPLES[type]]))[0];

describe('the shape registry', () => {
  it('has a module for every type, and this file has a sample of each', () => {
    expect(shapeTypes()).toEqual(['stroke', 'rect', 'ellipse', 'line', 'arrow', 'text', 'sticky', 'image', 'frame']);
    expect(Object.keys(SAMPLES).sort()).toEqual(shapeTypes().sort());
    expect(Object.keys(PICKS).sort()).toEqual(shapeTypes().sort());
    for (const t of shapeTypes()) expect(shapeModule(t)?.type).toBe(t);
    expect(shapeModule('blob')).toBeUndefined();
    expect(shapeModule(7)).toBeUndefined();
    expect(() => moduleFor({ ...readSample('rect'), type: 'blob' })).toThrow(/unknown shape type/);
  });

  it('finds a map by its type key, and a stroke written with a header by its points alone', () => {
    const maps = [...shapesMap(fromJson(Object.values(SAMPLES))).values()];
    expect(maps.map((m) => moduleOfMap(m)?.type).sort()).toEqual(shapeTypes().sort());
    // the stroke's map has no type key: its module owns it
    const stroke = maps.find((m) => !m.has('type'))!;
    expect(moduleOfMap(stroke)?.type).toBe('stroke');
    expect(moduleOfMap(new Y.Map())).toBeUndefined();
  });

  for (const type of Object.keys(SAMPLES)) {
    describe(type, () => {
      it('round-trips its JSON through a board file', () => {
        const doc = fromJson(parseShapesDocument(JSON.stringify(makeDocument(BOARD_KIND, [SAMPLES[type]]))).shapes);
        const [s] = readAllShapes(doc);
        expect(s.type).toBe(type);
        const { w, h, ...rest } = SAMPLES[type];
        const json = shapeToJSON(s);
        if (SIZED_BY_TEXT.has(type)) expect(json).toEqual({ ...rest, w: json.w, h: json.h });
        else expect(json).toEqual({ ...rest, ...(w === undefined ? {} : { w, h }) });
        // and again, unchanged
        const again = fromJson(parseShapesDocument(exportBoard(doc)).shapes);
        expect(exportBoard(again)).toBe(exportBoard(doc));
      });

      it('is refused in a file without what its type requires', () => {
        const { points: _p, w: _w, ...bare } = SAMPLES[type];
        expect(() => parseShapesDocument(JSON.stringify(makeDocument(BOARD_KIND, [bare])))).toThrow(/shapes\[0\]\.(points|w)/);
      });

      it('has bounds around its local box and its ink', () => {
        const s = readSample(type);
        const b = boundsOf(s);
        expect(b.maxX - b.minX).toBeGreaterThan(0);
        expect(b.maxY - b.minY).toBeGreaterThan(0);
        for (const c of corners(s, moduleFor(s).halfInk(s))) {
          expect(c.x).toBeGreaterThanOrEqual(b.minX - 1e-9);
          expect(c.x).toBeLessThanOrEqual(b.maxX + 1e-9);
          expect(c.y).toBeGreaterThanOrEqual(b.minY - 1e-9);
          expect(c.y).toBeLessThanOrEqual(b.maxY + 1e-9);
        }
      });

      it('is hit on itself and not beside it, in its rotated frame', () => {
        const s = readSample(type);
        const on = toBoard(s, ...PICKS[type].on);
        const off = toBoard(s, ...PICKS[type].off);
        expect(hitTest(s, on.x, on.y, 0)).toBe(true);
        expect(hitTest(s, off.x, off.y, 0)).toBe(false);
        const b = boundsOf(s);
        expect(hitTest(s, b.maxX + 50, b.maxY + 50, 2)).toBe(false);
      });

      it('paints on a canvas and in SVG', () => {
        const s = readSample(type);
        const calls: string[] = [];
        // what the painters call, recorded (Node has no canvas)
        const c = new Proxy({} as CanvasRenderingContext2D, {
          get: (_t, k) => (k === 'globalAlpha' ? 1 : (...args: unknown[]) => calls.push(`${String(k)}(${args.length})`)),
          set: () => true,
        });
        vi.stubGlobal('Path2D', class { moveTo() {} lineTo() {} closePath() {} quadraticCurveTo() {} });
        paintShape(c, s, newPaintCache(s));
        vi.unstubAllGlobals();
        expect(calls.some((k) => /^(fill|stroke|fillText)\(/.test(k))).toBe(true);
        expect(moduleFor(s).toSvg(s)).toMatch(/^<(path|rect|ellipse|line|text) /);
      });
    });
  }
});
