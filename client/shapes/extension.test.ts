/**
 * "Adding a shape is one new module": a dot, defined only here and registered, is read,
 * indexed, picked, moved, resized, restyled, written to and read from JSON, painted and
 * exported by the board, render and export code as it is, with no change anywhere else.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from '../board/create.ts';
import { boundsOf } from '../board/geometry.ts';
import { parseShapesDocument } from '../board/format.ts';
import { readAllShapes } from '../board/read.ts';
import { clampNum } from '../board/sanitize.ts';
import { exportBoard, insertShapes } from '../board/serialize.ts';
import { ShapeIndex } from '../board/spatial.ts';
import { shapesMap } from '../board/strokes.ts';
import { restyleShapes } from '../board/style.ts';
import { moveShapes, transformShapes } from '../board/transform.ts';
import { exportSVG } from '../render/exportImage.ts';
import { paintShape } from '../render/paint.ts';
import { readBase } from './common/base.ts';
import { writeNewShape } from './common/create.ts';
import { setNum, startValue } from './common/fields.ts';
import { baseJson, checkSize, jsonToNew } from './common/json.ts';
import { color, n } from './common/svg.ts';
import { registerShape, shapeTypes } from './registry.ts';
import type { Shape, ShapeModule } from './types.ts';

/** A filled dot of radius r around its origin, stored as its diameter in `w`. */
interface DotData extends Shape {
  r: number;
}

const dotModule: ShapeModule<DotData> = {
  type: 'dot',
  read: (id, map) => Object.assign(readBase(id, map), { type: 'dot', r: clampNum(map.get(F.w), 2, 1000, 10) / 2 }),
  create: (map, init, z) => writeNewShape(map, 'dot', init, z, false),
  toJson: (s) => Object.assign(baseJson(s), { w: s.r * 2, h: s.r * 2 }),
  checkJson: checkSize,
  fromJson: (map, j, at) => writeNewShape(map, 'dot', jsonToNew(j, at), at.z, false),
  localBox: (s) => ({ minX: -s.r, minY: -s.r, maxX: s.r, maxY: s.r }),
  halfInk: () => 0,
  hit: (s, p, reach) => Math.hypot(p.x, p.y) <= s.r + reach,
  resize: (map, scaleX, _scaleY, base) => setNum(map, F.w, startValue(map, F.w, base && base.r * 2, 20) * Math.abs(scaleX)),
  handles: 'ratio',
  styles: ['color', 'opacity'],
  paint(c, s) {
    c.beginPath();
    c.arc(0, 0, s.r, 0, Math.PI * 2);
    c.fillStyle = s.color;
    c.fill();
  },
  toSvg: (s) => `<circle r="${n(s.r)}" fill="${color(s.color)}"/>`,
};

registerShape(dotModule);

const dot = { type: 'dot', x: 100, y: 100, w: 20, h: 20, author: 'me', style: { color: '#e03131', width: 2 } };

describe('a shape type added by one module', () => {
  it('is registered once, after the built-in types', () => {
    expect(shapeTypes().at(-1)).toBe('dot');
    expect(() => registerShape(dotModule)).toThrow(/registered already/);
  });

  it('is created, read, indexed and picked like any shape', () => {
    const doc = new Y.Doc();
    const id = createShape(doc, dot);
    const [s] = readAllShapes(doc);
    expect(s).toMatchObject({ id, type: 'dot', x: 100, y: 100, color: '#e03131', r: 10 });
    expect(boundsOf(s)).toEqual({ minX: 90, minY: 90, maxX: 110, maxY: 110 });
    const index = new ShapeIndex(doc);
    expect(index.hit(105, 105)?.id).toBe(id);
    // inside its bounds, outside the circle
    expect(index.hit(109, 109)).toBeNull();
    expect(index.inside({ minX: 0, minY: 0, maxX: 200, maxY: 200 }).map((x) => x.id)).toEqual([id]);
  });

  it('is moved, resized through its module, and restyled only in the styles it has', () => {
    const doc = new Y.Doc();
    const id = createShape(doc, dot);
    moveShapes(doc, [id], 10, 0);
    const [before] = readAllShapes(doc);
    transformShapes(doc, [{ id, x: 110, y: 100, rotation: 0, scaleX: 2, scaleY: 2, base: before }]);
    restyleShapes(doc, [id], { color: '#1971c2', width: 8, fill: 'solid' });
    expect(readAllShapes(doc)[0]).toMatchObject({ x: 110, r: 20, color: '#1971c2', width: 2, fill: 'none' });
    expect(shapesMap(doc).get(id)!.has(F.fill)).toBe(false);
  });

  it('goes into a board file and comes back from one', () => {
    const doc = new Y.Doc();
    createShape(doc, dot);
    const file = exportBoard(doc);
    expect(parseShapesDocument(file).shapes).toEqual([{ type: 'dot', x: 100, y: 100, color: '#e03131', width: 2, w: 20, h: 20 }]);
    const copy = new Y.Doc();
    insertShapes(copy, parseShapesDocument(file).shapes, { author: 'you', dx: 5 });
    expect(readAllShapes(copy)[0]).toMatchObject({ type: 'dot', x: 105, r: 10, author: 'you' });
  });

  it('is painted and exported as SVG', () => {
    const doc = new Y.Doc();
    createShape(doc, { ...dot, style: { ...dot.style, opacity: 0.5 } });
    const shapes = readAllShapes(doc);
    expect(exportSVG(shapes, { background: 'transparent', padding: 0 })).toBe(
      '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="90 90 20 20">' +
        '<g transform="translate(100 100)" opacity="0.5"><circle r="10" fill="#e03131"/></g></svg>',
    );
    const calls: string[] = [];
    const c = { globalAlpha: 1, beginPath: () => calls.push('path'), arc: () => calls.push('arc'), fill: () => calls.push('fill') } as unknown as CanvasRenderingContext2D;
    paintShape(c, shapes[0], undefined);
    expect(calls).toEqual(['path', 'arc', 'fill']);
    expect(c.globalAlpha).toBe(0.5);
  });
});
