import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from './create.ts';
import { readAllShapes, readShape } from './read.ts';
import { clampNum, isSafeColor, NAME_MAX, RANGES, safeColor, safeId, safeName } from './sanitize.ts';
import { beginStroke, endStroke, shapesMap } from './strokes.ts';

/** Colour strings a hostile peer might write into the document or awareness. */
export const HOSTILE_COLORS = [
  'red"/><script>alert(1)</script>',
  "url(javascript:alert(1))",
  'url(https://evil.example/track.png)',
  'expression(alert(1))',
  '#fff;background:url(x)',
  '#e03131 ',
  ' #e03131',
  '#e0313',
  '#12345',
  '#1234567',
  '#gggggg',
  'rgb(1,2,3)',
  'var(--x)',
  'Red',
  '',
  '#',
];

describe('colours', () => {
  it('accepts #rgb, #rrggbb, #rrggbbaa and a short list of keywords', () => {
    for (const c of ['#fff', '#1e1e1e', '#E03131', '#11223344', 'black', 'white', 'transparent']) expect(isSafeColor(c), c).toBe(true);
  });

  it('turns anything else into the fallback', () => {
    for (const c of [...HOSTILE_COLORS, 42, null, undefined, {}, ['#fff']]) expect(safeColor(c, '#000'), String(c)).toBe('#000');
  });
});

describe('numbers', () => {
  it('are finite and clamped, else the fallback', () => {
    expect(clampNum(5, 0, 10, 1)).toBe(5);
    expect(clampNum(-5, 0, 10, 1)).toBe(0);
    expect(clampNum(1e308, 0, 10, 1)).toBe(10);
    for (const v of [NaN, Infinity, -Infinity, '5', null, undefined, {}]) expect(clampNum(v, 0, 10, 1)).toBe(1);
  });
});

describe('names', () => {
  it('are trimmed, capped at NAME_MAX characters and free of control and bidi characters', () => {
    expect(safeName('  Calm Otter  ', 'x')).toBe('Calm Otter');
    expect(safeName('a\u0000b\u0007c\nd\u001be\u007ff\u0085g', 'x')).toBe('abcdefg');
    expect(safeName('evil\u202egnp.exe', 'x')).toBe('evilgnp.exe');
    expect(safeName('a\u2066b\u2069c\u200fd', 'x')).toBe('abcd');
    const long = safeName('é'.repeat(1000), 'x');
    expect(Array.from(long)).toHaveLength(NAME_MAX);
    // an emoji is one character and is never cut in half
    const emoji = safeName('😀'.repeat(NAME_MAX + 5), 'x');
    expect(Array.from(emoji)).toHaveLength(NAME_MAX);
    expect(emoji).toBe('😀'.repeat(NAME_MAX));
    expect(safeName('a\ud800b', 'x')).toBe('ab');
  });

  it('fall back when nothing is left or it is not a string', () => {
    for (const v of ['', '   ', '\u0000\u0001', 42, null, undefined, { toString: () => 'x' }]) expect(safeName(v, 'Someone')).toBe('Someone');
  });

  it('ids are short strings', () => {
    expect(safeId('abc')).toBe('abc');
    for (const v of ['', 'x'.repeat(65), 1, null]) expect(safeId(v)).toBeNull();
  });
});

describe('reading a hostile document (read.ts)', () => {
  it('neutralises colours, sizes, font sizes and opacities written by a peer', () => {
    const doc = new Y.Doc();
    const ids = HOSTILE_COLORS.map((c, i) => {
      const id = createShape(doc, { type: 'sticky', x: i, y: 0, w: 100, h: 100, author: 'a', style: { color: '#1e1e1e' }, text: 'hi' });
      // what another client could send: raw keys, bypassing the app's own writers
      const map = shapesMap(doc).get(id)!;
      doc.transact(() => {
        map.set(F.color, c);
        map.set(F.bg, c);
        map.set(F.width, i % 2 ? Infinity : -5);
        map.set(F.fontSize, i % 2 ? 1e9 : NaN);
        map.set(F.opacity, i % 2 ? 7 : -1);
        map.set(F.w, 1e300);
        map.set(F.h, -1e300);
        map.set(F.x, i % 2 ? 1e300 : 'x');
      });
      return id;
    });
    for (const id of ids) {
      const s = readShape(id, shapesMap(doc).get(id)!)!;
      expect(s.type).toBe('sticky');
      if (s.type !== 'sticky') continue;
      expect(s.color).toBe('#1e1e1e');
      expect(s.bg).toBe('#ffec99');
      expect(s.width).toBeGreaterThanOrEqual(RANGES.width.min);
      expect(s.width).toBeLessThanOrEqual(RANGES.width.max);
      expect(s.fontSize).toBeGreaterThanOrEqual(RANGES.fontSize.min);
      expect(s.fontSize).toBeLessThanOrEqual(RANGES.fontSize.max);
      expect(s.opacity).toBeGreaterThanOrEqual(0);
      expect(s.opacity).toBeLessThanOrEqual(1);
      expect(s.w).toBe(RANGES.coord);
      expect(s.h).toBe(1);
      expect(Math.abs(s.x)).toBeLessThanOrEqual(RANGES.coord);
    }
  });

  it('neutralises a hostile colour in a stroke header, and a later key over a good header', () => {
    const doc = new Y.Doc();
    const bad = beginStroke(doc, { x: 0, y: 0, author: 'a', color: 'red"/><script>alert(1)</script>', width: 4 });
    endStroke(doc, bad);
    const good = beginStroke(doc, { x: 0, y: 0, author: 'a', color: '#2f9e44', width: 4 });
    endStroke(doc, good);
    shapesMap(doc).get(good.id)!.set(F.color, 'url(javascript:alert(1))');
    const byId = new Map(readAllShapes(doc).map((s) => [s.id, s]));
    expect(byId.get(bad.id)!.color).toBe('#1e1e1e');
    // an invalid key falls back to what the header says
    expect(byId.get(good.id)!.color).toBe('#2f9e44');
  });
});
