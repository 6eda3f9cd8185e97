import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { typeDepthWithin } from './typeDepth.ts';

/** Maps nested `levels` deep under root `m`, as one update from `from`'s state. */
function nest(doc: Y.Doc, levels: number): Uint8Array {
  const before = Y.encodeStateVector(doc);
  let at: Y.Map<unknown> = doc.getMap('m');
  while (at.has('c')) at = at.get('c') as Y.Map<unknown>;
  doc.transact(() => {
    for (let i = 0; i < levels; i++) {
      const next = new Y.Map<unknown>();
      at.set('c', next);
      at = next;
    }
  });
  return Y.encodeStateAsUpdate(doc, before);
}

const within = (room: Y.Doc, update: Uint8Array, max: number) => typeDepthWithin(Y.decodeUpdate(update).structs, room.store, max);

describe('nesting depth of shared types (typeDepth.ts)', () => {
  it('counts the types one update nests', () => {
    const room = new Y.Doc();
    expect(within(room, nest(new Y.Doc(), 16), 16)).toBe(true);
    expect(within(room, nest(new Y.Doc(), 17), 16)).toBe(false);
  });

  it('counts the types the room already has above the new ones', () => {
    const author = new Y.Doc();
    const room = new Y.Doc();
    for (let i = 0; i < 3; i++) {
      const u = nest(author, 5);
      expect(within(room, u, 16)).toBe(true);
      Y.applyUpdate(room, u);
    }
    expect(within(room, nest(author, 1), 16)).toBe(true); // 16
    Y.applyUpdate(room, Y.encodeStateAsUpdate(author, Y.encodeStateVector(room)));
    expect(within(room, nest(author, 1), 16)).toBe(false); // 17
  });

  it('ignores updates without types, and a board as the client writes it passes', () => {
    const d = new Y.Doc();
    const shape = new Y.Map<unknown>();
    d.getMap('shapes').set('s1', shape);
    shape.set('txt', new Y.Text('hello'));
    shape.set('x', 1);
    expect(within(new Y.Doc(), Y.encodeStateAsUpdate(d), 16)).toBe(true);
  });
});
