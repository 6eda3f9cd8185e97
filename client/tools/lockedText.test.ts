import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { createShape } from '../board/create.ts';
import { setLocked } from '../board/lock.ts';
import { ShapeIndex } from '../board/spatial.ts';
import { shapesMap } from '../board/strokes.ts';
import { createUndo } from '../board/undo.ts';
import { SelectTool } from './select.ts';
import { Selection } from './selection.ts';
import { TextTool } from './text.ts';
import type { ToolContext, ToolPointer } from './tool.ts';

function setup() {
  const doc = new Y.Doc();
  const index = new ShapeIndex(doc);
  const edited: string[] = [];
  const ctx = {
    doc,
    undo: createUndo(doc),
    camera: { scale: 1 },
    index,
    selection: new Selection(),
    overlay: { onHandle: () => false, setMarquee: () => {} },
    style: () => ({ color: '#1e1e1e', width: 4, opacity: 1, dash: false, fill: 'none', fontSize: 20, bg: '#ffec99', elbow: false }),
    author: () => 'alice',
    setTool: () => {},
    editText: (id: string) => edited.push(id),
    laser: () => {},
  } as unknown as ToolContext;
  const note = createShape(doc, { type: 'sticky', x: 0, y: 0, w: 200, h: 200, author: 'bob', style: { color: '#1e1e1e', width: 2 } });
  const text = createShape(doc, { type: 'text', x: 300, y: 0, w: 80, h: 24, author: 'bob', style: { color: '#1e1e1e', width: 2 }, text: 'hi' });
  return { doc, ctx, edited, note, text };
}
const at = (x: number, y: number): ToolPointer => ({ x, y, sx: x, sy: y, pressure: 0.5 });

describe("a locked shape's text is not editable", () => {
  it('the text tool edits an unlocked note, and places a new text on a locked one', () => {
    const { doc, ctx, edited, note, text } = setup();
    const tool = new TextTool(ctx);
    tool.up(at(100, 100));
    expect(edited).toEqual([note]);
    setLocked(doc, [note, text], true);
    edited.length = 0;
    tool.up(at(100, 100));
    tool.up(at(310, 10));
    expect(edited).toHaveLength(2);
    expect(edited).not.toContain(note);
    expect(edited).not.toContain(text);
    for (const id of edited) expect(shapesMap(doc).get(id)!.get(F.type)).toBe('text');
  });

  it('a double-click with the select tool on a locked note or text does nothing', () => {
    const { doc, ctx, edited, note, text } = setup();
    const tool = new SelectTool(ctx);
    setLocked(doc, [note, text], true);
    const before = shapesMap(doc).size;
    tool.dblclick(at(100, 100));
    tool.dblclick(at(310, 10));
    expect(edited).toEqual([]);
    expect(shapesMap(doc).size).toBe(before);
    expect(ctx.selection.size).toBe(0);
    // unlocked, it edits; on empty board it places a text
    setLocked(doc, [note], false);
    tool.dblclick(at(100, 100));
    expect(edited).toEqual([note]);
    tool.dblclick(at(1000, 1000));
    expect(shapesMap(doc).size).toBe(before + 1);
  });
});
