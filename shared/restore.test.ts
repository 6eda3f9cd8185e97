import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { restoreVersion, versionDoc } from './restore.ts';

const shape = (fields: Record<string, unknown>) => {
  const m = new Y.Map<unknown>();
  for (const [k, v] of Object.entries(fields)) m.set(k, v);
  return m;
};

describe('restoring a version', () => {
  it('brings the board back as one undoable change that reaches a peer, and redo goes forward again', () => {
    const doc = new Y.Doc();
    const shapes = doc.getMap<Y.Map<unknown>>('shapes');
    const text = new Y.Text('hello');
    shapes.set('a', shape({ type: 'rect', x: 1 }));
    shapes.set('t', shape({ type: 'text', text }));
    const saved = Y.convertUpdateFormatV1ToV2(Y.encodeStateAsUpdate(doc));
    // later: a moved, t edited, b added
    shapes.get('a')!.set('x', 50);
    (shapes.get('t')!.get('text') as Y.Text).insert(5, ' world');
    shapes.set('b', shape({ type: 'ellipse' }));
    const after = shapes.toJSON();

    const peer = new Y.Doc();
    Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
    const origin = { name: 'me' };
    const undo = new Y.UndoManager(shapes, { trackedOrigins: new Set([origin]) });
    const updates: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => updates.push(u));
    const touched = restoreVersion(doc, versionDoc(saved), origin);
    expect(touched).toBe(3);
    expect(updates).toHaveLength(1); // one change
    expect(shapes.toJSON()).toEqual({ a: { type: 'rect', x: 1 }, t: { type: 'text', text: 'hello' } });
    Y.applyUpdate(peer, updates[0]);
    expect(peer.getMap('shapes').toJSON()).toEqual(shapes.toJSON());
    undo.undo();
    expect(shapes.toJSON()).toEqual(after);
    undo.redo();
    expect(shapes.toJSON()).toEqual({ a: { type: 'rect', x: 1 }, t: { type: 'text', text: 'hello' } });
  });

  it('touches nothing when the board already is the version', () => {
    const doc = new Y.Doc();
    doc.getMap('shapes').set('a', shape({ x: 1 }));
    const v = versionDoc(Y.convertUpdateFormatV1ToV2(Y.encodeStateAsUpdate(doc)));
    let changes = 0;
    doc.on('update', () => changes++);
    expect(restoreVersion(doc, v, null)).toBe(0);
    expect(changes).toBe(0);
  });
});
