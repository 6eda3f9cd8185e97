import { describe, expect, it } from 'vitest';
import { countLabel, findMatches, keepIndex, matchCamera, searchableText, stepIndex, type Searchable } from './search.ts';

const box = (minX: number, minY: number, w = 100, h = 50) => ({ minX, minY, maxX: minX + w, maxY: minY + h });
const item = (id: string, text: string, x: number, y: number): Searchable => ({ id, text, box: box(x, y) });

describe('find: matching', () => {
  const items = [item('c', 'Shopping list', 300, 100), item('a', 'Groceries: milk', 0, 400), item('b', 'MILK and honey', 500, 100), item('d', '', 0, 0), item('e', 'milkshake', 0, 100)];

  it('is case-insensitive and finds substrings, in reading order', () => {
    expect(findMatches(items, 'milk').map((m) => m.id)).toEqual(['e', 'b', 'a']);
    expect(findMatches(items, 'MiLk').map((m) => m.id)).toEqual(['e', 'b', 'a']);
    expect(findMatches(items, 'list').map((m) => m.id)).toEqual(['c']);
  });

  it('finds nothing for a blank query or text that is not there', () => {
    expect(findMatches(items, '')).toEqual([]);
    expect(findMatches(items, '   ')).toEqual([]);
    expect(findMatches(items, 'zebra')).toEqual([]);
  });

  it('ignores spaces around the query but not inside it', () => {
    expect(findMatches(items, ' and honey ').map((m) => m.id)).toEqual(['b']);
    expect(findMatches(items, 'milkand')).toEqual([]);
  });

  it('compares Unicode-normalised text (a combining accent finds the composed one)', () => {
    const its = [item('x', 'Café', 0, 0), item('y', 'ÉCOLE', 0, 60)];
    expect(findMatches(its, 'cafe\u0301').map((m) => m.id)).toEqual(['x']);
    expect(findMatches(its, 'école').map((m) => m.id)).toEqual(['y']);
  });

  it('ties in place are ordered by id, so every editor walks the same order', () => {
    const its = [item('z', 'note', 10, 10), item('m', 'note', 10, 10)];
    expect(findMatches(its, 'note').map((m) => m.id)).toEqual(['m', 'z']);
  });

  it('searches text, labels and names (frames)', () => {
    expect(searchableText({ type: 'sticky', text: 'Hello' })).toBe('Hello');
    expect(searchableText({ type: 'frame', name: 'Sprint 3', text: '' })).toBe('Sprint 3');
    expect(searchableText({ type: 'stroke', points: [] })).toBe('');
    expect(searchableText({ type: 'rect', text: 42 })).toBe('');
  });
});

describe('find: walking the matches', () => {
  it('steps forward and back, wrapping', () => {
    expect(stepIndex(-1, 3, 1)).toBe(0);
    expect(stepIndex(-1, 3, -1)).toBe(2);
    expect(stepIndex(0, 3, 1)).toBe(1);
    expect(stepIndex(2, 3, 1)).toBe(0);
    expect(stepIndex(0, 3, -1)).toBe(2);
    expect(stepIndex(5, 3, 1)).toBe(0);
    expect(stepIndex(0, 0, 1)).toBe(-1);
  });

  it('keeps the current shape when the matches change, else starts over', () => {
    const ms = [item('a', 'x', 0, 0), item('b', 'x', 0, 100)];
    expect(keepIndex(ms, 'b')).toBe(1);
    expect(keepIndex(ms, 'gone')).toBe(0);
    expect(keepIndex(ms, null)).toBe(0);
    expect(keepIndex([], 'a')).toBe(-1);
  });

  it('says "n of m", "No results" or nothing', () => {
    expect(countLabel(0, 3, 'a')).toBe('1 of 3');
    expect(countLabel(2, 3, 'a')).toBe('3 of 3');
    expect(countLabel(-1, 0, 'a')).toBe('No results');
    expect(countLabel(-1, 0, '  ')).toBe('');
  });
});

describe('find: the camera for a match', () => {
  const view = { width: 1000, height: 600 };
  const centre = (c: { x: number; y: number; scale: number }, b: ReturnType<typeof box>) => ({
    x: ((b.minX + b.maxX) / 2) * c.scale + c.x,
    y: ((b.minY + b.maxY) / 2) * c.scale + c.y,
  });

  it('centres the match', () => {
    const b = box(5000, -3000, 200, 100);
    const c = matchCamera(b, view, 1);
    expect(centre(c, b)).toEqual({ x: 500, y: 300 });
    expect(c.scale).toBe(1);
  });

  it('zooms out until a large match fits', () => {
    const b = box(0, 0, 4000, 1000);
    const c = matchCamera(b, view, 1);
    expect(c.scale).toBeLessThan(1);
    expect(4000 * c.scale).toBeLessThanOrEqual(view.width);
    expect(centre(c, b).x).toBeCloseTo(500);
  });

  it('zooms in from far out to 100 %, and keeps a closer zoom that still fits', () => {
    const b = box(0, 0, 100, 50);
    expect(matchCamera(b, view, 0.2).scale).toBe(1);
    expect(matchCamera(b, view, 1.5).scale).toBe(1.5);
    // never closer than fitCamera's own limit
    expect(matchCamera(b, view, 6).scale).toBe(2);
  });
});
