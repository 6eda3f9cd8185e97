import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { F } from '../../shared/schema.ts';
import { asFrame } from '../shapes/frame/index.ts';
import { FormatError, parseShapesDocument } from './format.ts';
import { readAllShapes } from './read.ts';
import { exportBoard, insertShapes } from './serialize.ts';
import { exportSVG, frameContent } from '../render/exportImage.ts';
import { framesInOrder, renameFrame, shownFrame, withFrameMembers } from './frames.ts';
import { readOrigin } from './read.ts';
import { setLocked } from './lock.ts';
import { frameEditor } from './frameEditor.testkit.ts';
import { deleteShapes, shapesMap } from './strokes.ts';
import { linkedDocs, offlineDocs } from './testDocs.ts';
import { transformShapes } from './transform.ts';

const editor = frameEditor;

describe('frames', () => {
  it('a frame drawn over shapes takes those wholly inside it, not those half out', () => {
    const e = editor();
    const inside = e.rect(20, 20);
    const half = e.rect(280, 20);
    const outside = e.rect(500, 500);
    const f = e.frame(0, 0, 300, 200);
    expect([inside, half, outside].map(e.frameOf)).toEqual([f, null, null]);
    // one undo step: the frame and its taking them in
    e.undo.undo();
    expect(shapesMap(e.doc).has(f)).toBe(false);
    expect(e.frameOf(inside)).toBeNull();
  });

  it('a shape drawn or dropped inside belongs to it, dragged out it leaves; each one undo step', () => {
    const e = editor();
    const f = e.frame(0, 0, 300, 200);
    const drawn = e.rect(100, 100);
    expect(e.frameOf(drawn)).toBe(f);
    const later = e.rect(400, 50);
    expect(e.frameOf(later)).toBeNull();
    // dropped with its centre inside, though partly out: it joins
    e.move([later], -150, 0);
    expect(e.frameOf(later)).toBe(f);
    e.move([drawn], 500, 0);
    expect(e.frameOf(drawn)).toBeNull();
    e.undo.undo();
    expect(e.frameOf(drawn)).toBe(f);
    expect(e.at(drawn)).toEqual({ x: 100, y: 100 });
    e.undo.redo();
    expect(e.frameOf(drawn)).toBeNull();
  });

  it('moving a frame moves its members (not locked ones) for everyone; the members move once', () => {
    const [a, b] = linkedDocs();
    const e = editor(a);
    const f = e.frame(0, 0, 300, 200);
    const m1 = e.rect(10, 10);
    const m2 = e.rect(100, 100);
    const locked = e.rect(200, 20);
    const other = e.rect(400, 0);
    setLocked(a, [locked], true);
    expect(withFrameMembers(a, [f, m1])).toEqual([f, m1, m2]);
    e.move([f, m1], 40, 30);
    const at = (id: string) => readOrigin(shapesMap(b).get(id)!);
    expect([f, m1, m2, locked, other].map(at)).toEqual([
      { x: 40, y: 30 },
      { x: 50, y: 40 },
      { x: 140, y: 130 },
      { x: 200, y: 20 },
      { x: 400, y: 0 },
    ]);
    // the members stayed members (their centres moved with the frame)
    expect(e.frameOf(m2)).toBe(f);
    e.undo.undo();
    expect([f, m2].map(at)).toEqual([
      { x: 0, y: 0 },
      { x: 100, y: 100 },
    ]);
  });

  it('a frame moved onto shapes does not take them; one resized over them does, and lets go of those left outside', () => {
    const e = editor();
    const f = e.frame(0, 0, 300, 200);
    const member = e.rect(250, 150);
    const far = e.rect(560, 20);
    e.move([f], 500, 0);
    expect(e.frameOf(far)).toBeNull();
    expect(e.frameOf(member)).toBe(f);
    // resized to its left half: the member's centre is outside now, the far one wholly inside
    e.undo.beginAction();
    transformShapes(e.doc, [{ id: f, x: 500, y: 0, rotation: 0, scaleX: 0.5, scaleY: 1 }]);
    e.undo.endAction();
    expect(e.frameOf(member)).toBeNull();
    expect(e.frameOf(far)).toBe(f);
  });

  it('a deleted frame lets go of its members in the same step; undo brings both back', () => {
    const e = editor();
    const f = e.frame(0, 0, 300, 200);
    const m = e.rect(10, 10);
    e.undo.beginAction();
    deleteShapes(e.doc, [f]);
    e.undo.endAction();
    expect(e.frameOf(m)).toBeNull();
    e.undo.undo();
    expect(shapesMap(e.doc).has(f)).toBe(true);
    expect(e.frameOf(m)).toBe(f);
  });

  it('is shown clipped only in a frame that holds its centre: a stale or hostile reference clips nothing', () => {
    const e = editor();
    const f = e.frame(0, 0, 300, 200);
    const r = e.rect(500, 500);
    const s = e.rect(10, 10);
    const get = (id: string) => e.index.get(id);
    e.doc.transact(() => shapesMap(e.doc).get(r)!.set(F.frame, f));
    expect(shownFrame(get(r)!, get)).toBeNull();
    expect(shownFrame(get(s)!, get)?.id).toBe(f);
    // a reference to a shape that is no frame, or to itself, or not a string
    for (const v of [s, r, 42, 'x'.repeat(500)]) {
      e.doc.transact(() => shapesMap(e.doc).get(r)!.set(F.frame, v));
      expect(shownFrame(get(r)!, get)).toBeNull();
    }
  });

  it('two editors: one moves the frame while the other drops a shape in; both converge with the shape a member', () => {
    const { a, b, sync } = offlineDocs();
    const A = editor(a);
    const f = A.frame(0, 0, 300, 200);
    const m = A.rect(20, 20);
    const s = A.rect(600, 50);
    sync();
    const B = editor(b);
    A.move([f], 0, 300);
    B.move([s], -500, 0);
    sync();
    expect(A.frameOf(s)).toBe(f);
    expect(B.frameOf(s)).toBe(f);
    expect(A.at(m)).toEqual(B.at(m));
    expect(A.at(m)).toEqual({ x: 20, y: 320 });
    // the dropped shape is where B put it, outside the moved frame: shown unclipped, not lost
    expect(shownFrame(A.index.get(s)!, (id) => A.index.get(id))).toBeNull();
    // undo is per person: B's undo takes back B's drop only
    B.undo.undo();
    sync();
    expect(A.frameOf(s)).toBeNull();
    expect(A.at(s)).toEqual({ x: 600, y: 50 });
    expect(A.at(f)).toEqual({ x: 0, y: 300 });
  });

  it('frames are presented in stacking order (creation order) and renamed as plain, capped text', () => {
    const e = editor();
    const f1 = e.frame(0, 0, 100, 100);
    const f2 = e.frame(-500, 0, 100, 100);
    const f3 = e.frame(500, 0, 100, 100);
    expect(framesInOrder(e.index).map((f) => f.id)).toEqual([f1, f2, f3]);
    e.undo.beginAction();
    expect(renameFrame(e.doc, f2, '  <b>Intro</b>  ', 100)).toBe(true);
    expect(renameFrame(e.doc, e.rect(0, 0), 'x', 100)).toBe(false);
    e.undo.endAction();
    expect(e.index.get(f2)).toMatchObject({ name: '<b>Intro</b>' });
    renameFrame(e.doc, f3, 'é'.repeat(300), 100);
    expect(asFrame(e.index.get(f3))!.name).toHaveLength(100);
    // a peer's name is cleaned and cut when read
    e.doc.transact(() => shapesMap(e.doc).get(f1)!.set(F.name, `a\u202eb${'z'.repeat(1000)}`));
    expect(asFrame(e.index.get(f1))!.name).toBe(`ab${'z'.repeat(98)}`);
  });

  it('board files keep who belongs to which frame (by index), with fresh ids on import; a bad index is refused', () => {
    const e = editor();
    const f = e.frame(0, 0, 300, 200);
    const m = e.rect(10, 10);
    e.rect(500, 500);
    e.undo.beginAction();
    renameFrame(e.doc, f, 'Intro', 100);
    e.undo.endAction();
    const file = exportBoard(e.doc);
    const { shapes } = parseShapesDocument(file);
    const fi = shapes.findIndex((j) => j.type === 'frame');
    expect(shapes[fi].name).toBe('Intro');
    expect(shapes.filter((j) => j.frame !== undefined)).toEqual([expect.objectContaining({ x: 10, frame: fi })]);
    // into another board: a new frame id, its member names it
    const other = new Y.Doc();
    insertShapes(other, shapes, { author: 'b' });
    const read = readAllShapes(other);
    const frame = read.find((x) => x.type === 'frame')!;
    expect(frame.id).not.toBe(f);
    expect(read.filter((x) => x.frame).map((x) => [x.x, x.frame])).toEqual([[10, frame.id]]);
    expect(shapesMap(e.doc).get(m)?.get(F.frame)).toBe(f);
    const bad = (frame: unknown) => JSON.stringify({ kind: 'whiteboard/board', version: 1, shapes: [shapes[0], { ...shapes[1], frame }] });
    for (const v of [7, -1, 1.5, 'x', 1]) expect(() => parseShapesDocument(bad(v))).toThrow(FormatError);
  });

  it("a frame's export holds its members only, cut to its box, without its name; the board's SVG clips members", () => {
    const e = editor();
    const f = e.frame(100, 100, 300, 200);
    e.undo.beginAction();
    renameFrame(e.doc, f, 'Secret <b>', 100);
    e.undo.endAction();
    const half = e.rect(350, 150, 100, 40);
    const out = e.rect(700, 700);
    const shapes = readAllShapes(e.doc);
    const frame = asFrame(shapes.find((s) => s.id === f))!;
    expect(e.frameOf(half)).toBe(f);
    const content = frameContent(shapes, frame);
    expect(content.map((s) => s.id)).toEqual([half]);
    const svg = exportSVG(content, { background: 'white', frame })!;
    expect(svg).toContain('viewBox="100 100 300 200"');
    expect(svg).toContain('<clipPath id="frame-clip-0"><rect transform="translate(100 100)" width="300" height="200"/></clipPath>');
    expect(svg).toContain('clip-path="url(#frame-clip-0)"');
    expect(svg).not.toContain('Secret');
    expect(svg.match(/<g transform/g)).toHaveLength(1);
    // the whole board: the frame with its (escaped) name, its member clipped, the rest not
    const all = exportSVG(shapes, { background: 'transparent' })!;
    expect(all).toContain('Secret &lt;b&gt;');
    expect(all.match(/clip-path=/g)).toHaveLength(1);
    expect(out).toBeTruthy();
  });
});

describe('a locked frame', () => {
  it('stays put while its members move alone, in and out, for everyone; nothing is written to it', () => {
    const [a, b] = linkedDocs();
    const e = editor(a);
    const bob = editor(b);
    const f = e.frame(0, 0, 300, 200);
    const m = e.rect(20, 20);
    const n = e.rect(120, 20);
    const outside = e.rect(500, 20);
    expect([m, n].map(e.frameOf)).toEqual([f, f]);
    // Bob locks the frame
    bob.undo.beginAction();
    setLocked(b, [f], true);
    bob.undo.endAction();
    const frameWrites: string[] = [];
    shapesMap(a).get(f)!.observe((ev) => frameWrites.push(...ev.keysChanged));
    // Alice moves a member inside the frame: it moves alone, still a member
    e.move([m], 30, 10);
    expect(bob.at(m)).toEqual({ x: 50, y: 30 });
    expect(bob.at(f)).toEqual({ x: 0, y: 0 });
    expect(bob.frameOf(m)).toBe(f);
    // out of the frame: it leaves; another one in: it joins
    e.move([n], 400, 0);
    expect(bob.frameOf(n)).toBeNull();
    e.move([outside], -400, 50);
    expect(bob.frameOf(outside)).toBe(f);
    expect(bob.at(f)).toEqual({ x: 0, y: 0 });
    expect(frameWrites).toEqual([]);
    // her undo takes the member back in; the frame stays locked and put
    e.undo.undo();
    e.undo.undo();
    expect(bob.frameOf(n)).toBe(f);
    expect(bob.frameOf(outside)).toBeNull();
    expect(shapesMap(b).get(f)!.get(F.locked)).toBe(1);
    expect(bob.at(f)).toEqual({ x: 0, y: 0 });
  });

  it("an earlier move of the frame is not undone once it is locked, nor its members' move along with it", () => {
    const [a, b] = linkedDocs();
    const e = editor(a);
    const f = e.frame(0, 0, 300, 200);
    const m = e.rect(20, 20);
    const other = e.rect(900, 0);
    e.move([other], 0, 50);
    e.move([f], 100, 0);
    expect(e.at(m)).toEqual({ x: 120, y: 20 });
    setLocked(b, [f], true);
    // the frame's move and its member's along with it are dropped: Ctrl+Z undoes the step before
    expect(e.undo.undo()).toBe(true);
    const at = (id: string) => readOrigin(shapesMap(b).get(id)!);
    expect([f, m, other].map(at)).toEqual([
      { x: 100, y: 0 },
      { x: 120, y: 20 },
      { x: 900, y: 0 },
    ]);
    expect(e.frameOf(m)).toBe(f);
    // a step of the member alone still undoes
    e.move([m], 10, 0);
    expect(e.undo.undo()).toBe(true);
    expect(at(m)).toEqual({ x: 120, y: 20 });
  });

  it('a locked frame cannot be renamed', () => {
    const doc = new Y.Doc();
    const e = editor(doc);
    const f = e.frame(0, 0, 300, 200);
    setLocked(doc, [f], true);
    expect(renameFrame(doc, f, 'Roadmap', 100)).toBe(false);
    expect(shapesMap(doc).get(f)!.has(F.name)).toBe(false);
  });
});
