import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createShape } from './create.ts';
import { FormatError, parseShapesDocument } from './format.ts';
import { readAllShapes } from './read.ts';
import { copyShapes, exportBoard, insertShapes, shapesToJSON } from './serialize.ts';
import { appendPoints, beginStroke, endStroke } from './strokes.ts';
import { ensureText } from './create.ts';
import { LOCAL_ORIGIN } from './origin.ts';
import { createUndo } from './undo.ts';

function sampleBoard(): Y.Doc {
  const doc = new Y.Doc();
  const s = beginStroke(doc, { x: 10, y: 10, author: 'a', color: '#1971c2', width: 4 });
  appendPoints(doc, s, [10, 10, 0.5, 20, 15, 0.6, 30, 12, 0.7]);
  endStroke(doc, s);
  const hl = beginStroke(doc, { x: 0, y: 0, author: 'a', color: '#ffd43b', width: 8, highlighter: true });
  appendPoints(doc, hl, [0, 0, 0.5, 50, 0, 0.5]);
  endStroke(doc, hl);
  createShape(doc, { type: 'rect', x: 5, y: 6, w: 70, h: 40, rotation: 15, author: 'a', style: { color: '#e03131', width: 4, fill: 'semi', dash: true, opacity: 0.6 } });
  createShape(doc, { type: 'arrow', x: 0, y: 0, w: -40, h: 30, author: 'a', style: { color: '#000000', width: 2 } });
  createShape(doc, { type: 'sticky', x: 100, y: 100, w: 200, h: 200, author: 'a', style: { color: '#1e1e1e', width: 2, bg: '#a5d8ff' }, text: 'note' });
  const t = createShape(doc, { type: 'text', x: 1, y: 2, w: 60, h: 24, author: 'a', style: { color: '#1e1e1e', width: 2, fontSize: 28 } });
  doc.transact(() => ensureText(doc, t)!.insert(0, 'héllo\nworld'), LOCAL_ORIGIN);
  return doc;
}

const strip = (doc: Y.Doc) => readAllShapes(doc).map(({ id: _id, z: _z, author: _a, ...rest }) => rest);

describe('board JSON export/import', () => {
  it('round-trips every shape type and the z order into another room', () => {
    const a = sampleBoard();
    const file = exportBoard(a);
    const parsed = parseShapesDocument(file);
    expect(parsed.kind).toBe('whiteboard/board');
    expect(parsed.version).toBe(1);
    const b = new Y.Doc();
    const undo = createUndo(b);
    insertShapes(b, parsed.shapes, { author: 'b' });
    expect(strip(b)).toEqual(strip(a));
    // an import is one undo step
    expect(undo.undo()).toBe(true);
    expect(readAllShapes(b).length).toBe(0);
  });

  it('rejects invalid input with a message that says what and where', () => {
    const bad: [string, RegExp][] = [
      ['not json', /not JSON/],
      ['[]', /JSON object/],
      ['{"kind":"other","version":1,"shapes":[]}', /not a whiteboard file/],
      ['{"kind":"whiteboard/board","version":99,"shapes":[]}', /newer/],
      ['{"kind":"whiteboard/board","version":1}', /"shapes" must be an array/],
      ['{"kind":"whiteboard/board","version":1,"shapes":[{"type":"blob","x":0,"y":0}]}', /shapes\[0\]\.type/],
      ['{"kind":"whiteboard/board","version":1,"shapes":[{"type":"rect","x":"1","y":0,"color":"#000","width":1,"w":1,"h":1}]}', /shapes\[0\]\.x/],
      ['{"kind":"whiteboard/board","version":1,"shapes":[{"type":"stroke","x":0,"y":0,"color":"#000","width":1,"points":[1,2]}]}', /shapes\[0\]\.points/],
      ['{"kind":"whiteboard/board","version":1,"shapes":[{"type":"rect","x":0,"y":0,"color":"red;x","width":1,"w":1,"h":1}]}', /color/],
      ['{"kind":"whiteboard/board","version":1,"shapes":[{"type":"rect","x":0,"y":0,"color":"#000","width":1,"w":1,"h":1,"fill":"plaid"}]}', /fill/],
    ];
    for (const [text, msg] of bad) {
      expect(() => parseShapesDocument(text), text).toThrow(FormatError);
      expect(() => parseShapesDocument(text), text).toThrow(msg);
    }
  });
});

describe('copy/paste format', () => {
  it('copies the chosen shapes bottom-first and pastes fresh copies offset, on top', () => {
    const doc = sampleBoard();
    const all = readAllShapes(doc);
    const rect = all.find((s) => s.type === 'rect')!;
    const sticky = all.find((s) => s.type === 'sticky')!;
    const text = copyShapes(doc, [sticky.id, rect.id]);
    const clip = parseShapesDocument(text);
    expect(clip.kind).toBe('whiteboard/shapes');
    expect(clip.shapes.map((s) => s.type)).toEqual(['rect', 'sticky']);
    expect(clip.shapes[1]).toMatchObject({ text: 'note', bg: '#a5d8ff', w: 200 });
    const ids = insertShapes(doc, clip.shapes, { author: 'z', dx: 10, dy: 20 });
    const after = readAllShapes(doc);
    expect(after.slice(-2).map((s) => s.id)).toEqual(ids);
    expect(after[after.length - 2]).toMatchObject({ type: 'rect', x: rect.x + 10, y: rect.y + 20, fill: 'semi', author: 'z' });
    expect(shapesToJSON(doc, [ids[1]])[0]).toMatchObject({ type: 'sticky', x: 110, y: 120, text: 'note' });
  });
});
