import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { diffInto } from './textEditor.ts';

describe('textarea -> Y.Text diff', () => {
  it('turns any edit into one delete plus one insert', () => {
    const doc = new Y.Doc();
    const t = doc.getText('t');
    t.insert(0, 'Hello world');
    const ops: unknown[] = [];
    t.observe((e) => ops.push(...e.delta));
    diffInto(t, 'Hello world', 'Hello brave new world');
    expect(t.toString()).toBe('Hello brave new world');
    diffInto(t, 'Hello brave new world', 'Help new world!');
    expect(t.toString()).toBe('Help new world!');
    expect(ops.filter((o) => 'delete' in (o as object)).length).toBe(1);
  });

  it('concurrent edits of two typists both survive', () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    a.getText('t').insert(0, 'Hello');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    diffInto(a.getText('t'), 'Hello', 'Hello world');
    diffInto(b.getText('t'), 'Hello', 'Oh, Hello');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(a.getText('t').toString()).toBe('Oh, Hello world');
    expect(b.getText('t').toString()).toBe('Oh, Hello world');
  });
});
