import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F, type ShapeData } from '../../shared/schema.ts';
import { createShape } from '../board/create.ts';
import { readAllShapes } from '../board/read.ts';
import { appendPoints, beginStroke, endStroke, shapesMap } from '../board/strokes.ts';
import { exportSVG } from './exportImage.ts';

const EVIL = 'red"/><script>alert(1)</script><rect onload="alert(2)';
const TAGS = new Set(['svg', 'g', 'rect', 'ellipse', 'line', 'polyline', 'path', 'text', 'tspan']);
const ATTRS = new Set([
  'xmlns', 'width', 'height', 'viewBox', 'transform', 'opacity', 'fill', 'fill-opacity', 'stroke', 'stroke-width',
  'stroke-linecap', 'stroke-linejoin', 'stroke-dasharray', 'rx', 'ry', 'cx', 'cy', 'x', 'y', 'x1', 'y1', 'x2', 'y2',
  'points', 'd', 'font-family', 'font-size', 'text-anchor', 'dominant-baseline', 'xml:space',
]);

/**
 * Tokenises the SVG strictly: every tag must be `<name attr="value" ...>` with values free
 * of quotes and angle brackets, names from the lists above; text between tags has no `<`.
 */
function svgStructure(svg: string): { tags: string[]; attrs: string[] } {
  const tags: string[] = [];
  const attrs: string[] = [];
  let rest = svg;
  while (rest.length) {
    const text = /^[^<]*/.exec(rest)![0];
    rest = rest.slice(text.length);
    if (!rest) break;
    const m = /^<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z][a-zA-Z0-9:-]*="[^"<>]*")*)\s*(\/?)>/.exec(rest);
    if (!m) throw new Error(`malformed markup at: ${rest.slice(0, 60)}`);
    tags.push(m[2]);
    for (const a of m[3].matchAll(/([a-zA-Z][a-zA-Z0-9:-]*)="/g)) attrs.push(a[1]);
    rest = rest.slice(m[0].length);
  }
  return { tags, attrs };
}

function expectHarmless(svg: string) {
  const { tags, attrs } = svgStructure(svg);
  for (const t of tags) expect(TAGS.has(t), `element <${t}>`).toBe(true);
  for (const a of attrs) expect(ATTRS.has(a), `attribute ${a}`).toBe(true);
  expect(svg).not.toMatch(/<script|javascript:|url\(|onload|on[a-z]+=/i);
}

describe('SVG export of a hostile board', () => {
  it('has no injected element or attribute, whatever colours and text peers wrote', () => {
    const doc = new Y.Doc();
    const rect = createShape(doc, { type: 'rect', x: 0, y: 0, w: 1000, h: 50, author: 'a', style: { color: '#e03131', fill: 'semi' }, text: '</text><script>alert(3)</script>' });
    const sticky = createShape(doc, { type: 'sticky', x: 200, y: 0, w: 100, h: 100, author: 'a', style: { color: '#1e1e1e', bg: '#ffec99' }, text: 'a\u0000b & <c>' });
    const arrow = createShape(doc, { type: 'arrow', x: 0, y: 200, w: 80, h: 40, author: 'a', style: { color: '#000', dash: true } });
    const stroke = beginStroke(doc, { x: 0, y: 300, author: 'a', color: 'url(javascript:alert(4))', width: 4 });
    appendPoints(doc, stroke, [0, 300, 0.5, 40, 320, 0.5, 80, 300, 0.5]);
    endStroke(doc, stroke);
    // what a hostile client writes straight into the shared map
    doc.transact(() => {
      for (const id of [rect, sticky, arrow]) shapesMap(doc).get(id)!.set(F.color, EVIL);
      shapesMap(doc).get(sticky)!.set(F.bg, 'url(javascript:alert(5))');
      shapesMap(doc).get(rect)!.set(F.opacity, '0.5" onload="alert(6)');
    });
    const svg = exportSVG(readAllShapes(doc), { background: 'white' })!;
    expect(svg).toContain('<path');
    expect(svg).toContain('&lt;/text&gt;&lt;script&gt;');
    // the NUL (not allowed in XML) is dropped, markup characters are escaped
    expect(svg).toContain('>ab &amp;<');
    expectHarmless(svg);
  });

  it('checks colours again even for shapes that did not come through the reader', () => {
    const shape = {
      type: 'rect', id: 'r', z: 'a', x: NaN, y: 0, rotation: 0, author: '', color: EVIL, width: 2, opacity: 1, dash: false,
      fill: 'solid', fontSize: 20, w: 10, h: 10, text: 'x', bg: '',
    } satisfies ShapeData;
    const sticky: ShapeData = { ...shape, id: 's', type: 'sticky', bg: EVIL };
    const svg = exportSVG([shape, sticky], { background: 'transparent' })!;
    expectHarmless(svg);
    expect(svg).not.toContain('NaN');
  });
});
