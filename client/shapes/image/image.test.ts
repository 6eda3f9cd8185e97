import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../../shared/schema.ts';
import { parseShapesDocument } from '../../board/format.ts';
import { readAllShapes } from '../../board/read.ts';
import { shapesMap } from '../../board/strokes.ts';
import { exportSVG } from '../../render/exportImage.ts';
import { insertShapes, shapesToJSON } from '../../board/serialize.ts';
import type { ImageShape } from './index.ts';

const SHA = '0123456789abcdef'.repeat(4);

function docWith(fields: Record<string, unknown>): Y.Doc {
  const doc = new Y.Doc();
  const m = new Y.Map<unknown>();
  shapesMap(doc).set('img', m);
  for (const [k, v] of Object.entries({ type: 'image', z: 'a0', x: 0, y: 0, w: 100, h: 50, ...fields })) m.set(k, v);
  return doc;
}

describe('image shapes from a hostile document', () => {
  it('keep only a 64-hex-digit hash, a known type, sane sizes and a valid crop', () => {
    const hostile = [
      'https://evil.example/x.png',
      'javascript:alert(1)',
      `${SHA}"/><script>alert(1)</script>`,
      SHA.toUpperCase(),
      SHA.slice(1),
      `../../${SHA}`,
      42,
      null,
    ];
    for (const file of hostile) {
      const [s] = readAllShapes(docWith({ [F.file]: file, [F.mime]: 'text/html', [F.naturalW]: Number.NaN, [F.naturalH]: -5, [F.crop]: [0.5, 0.5, 0.2, 2] })) as ImageShape[];
      expect(s.type).toBe('image');
      expect(s.file).toBeNull();
      expect(s.mime).toBe('image/png');
      expect(s.naturalW).toBe(1);
      expect(s.naturalH).toBe(1);
      expect(s.crop).toBeNull();
      const svg = exportSVG([s], { background: 'transparent' })!;
      expect(svg).not.toMatch(/script|javascript|evil|href/);
    }
    const [ok] = readAllShapes(docWith({ [F.file]: SHA, [F.mime]: 'image/webp', [F.naturalW]: 640, [F.naturalH]: 480, [F.crop]: [0.25, 0, 0.75, 1] })) as ImageShape[];
    expect(ok).toMatchObject({ file: SHA, mime: 'image/webp', naturalW: 640, naturalH: 480, crop: [0.25, 0, 0.75, 1] });
  });

  it('a board file with a bad hash, type or crop is refused', () => {
    const base = { type: 'image', x: 0, y: 0, color: '#1e1e1e', width: 4, w: 10, h: 10, file: SHA, mime: 'image/png', naturalWidth: 10, naturalHeight: 10 };
    const file = (s: object) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: [s] });
    expect(parseShapesDocument(file(base)).shapes).toHaveLength(1);
    expect(() => parseShapesDocument(file({ ...base, file: 'http://x/y.png' }))).toThrow(/file/);
    expect(() => parseShapesDocument(file({ ...base, mime: 'image/svg+xml' }))).toThrow(/mime/);
    expect(() => parseShapesDocument(file({ ...base, naturalWidth: 0 }))).toThrow(/naturalWidth/);
    expect(() => parseShapesDocument(file({ ...base, crop: [0, 0, 2] }))).toThrow(/crop/);
  });

  it('name their previews in the document and in JSON, and a file or paste carries them', () => {
    const P1 = 'a'.repeat(64);
    const P2 = 'b'.repeat(64);
    const doc = docWith({ [F.file]: SHA, [F.mime]: 'image/jpeg', [F.naturalW]: 4000, [F.naturalH]: 3000, [F.previews]: [[1024, P2], [256, P1], [256, 'x'], [9999, P1]] });
    const [s] = readAllShapes(doc) as ImageShape[];
    expect(s.previews).toEqual([
      { size: 256, file: P1 },
      { size: 1024, file: P2 },
    ]);
    const json = shapesToJSON(doc);
    expect(json[0].previews).toEqual(s.previews);
    // through the board format into another board: the same previews
    const parsed = parseShapesDocument(JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: json })).shapes;
    const other = new Y.Doc();
    const [id] = insertShapes(other, parsed, { author: 'u' });
    expect(shapesMap(other).get(id)!.get(F.previews)).toEqual([
      [256, P1],
      [1024, P2],
    ]);
    // an image from before previews has none, and its JSON no field
    const [old] = readAllShapes(docWith({ [F.file]: SHA, [F.mime]: 'image/png', [F.naturalW]: 4000, [F.naturalH]: 3000 })) as ImageShape[];
    expect(old.previews).toEqual([]);
    expect('previews' in shapesToJSON(docWith({ [F.file]: SHA, [F.naturalW]: 10, [F.naturalH]: 10 }))[0]).toBe(false);
  });

  it('a board file with forged previews is refused', () => {
    const base = { type: 'image', x: 0, y: 0, color: '#1e1e1e', width: 4, w: 10, h: 10, file: SHA, mime: 'image/png', naturalWidth: 2000, naturalHeight: 1000 };
    const file = (s: object) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: [s] });
    expect(parseShapesDocument(file({ ...base, previews: [{ size: 256, file: SHA }] })).shapes).toHaveLength(1);
    for (const previews of [[{ size: 256, file: 'http://x/y.png' }], [{ size: 2000, file: SHA }], [[256, SHA]], 'x', [{ size: 256, file: SHA }, { size: 256, file: SHA }]])
      expect(() => parseShapesDocument(file({ ...base, previews }))).toThrow(/previews/);
  });
});
