import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyDocBody, docBodyParts, readDocBody } from './docBody.ts';

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe('the GET /doc body', () => {
  it('carries an encoding and the updates after it, which rebuild the document in order', () => {
    const doc = new Y.Doc();
    doc.getMap('m').set('a', 1);
    const base = Y.encodeStateAsUpdateV2(doc);
    const tail: Uint8Array[] = [];
    doc.on('update', (u: Uint8Array) => tail.push(u));
    doc.getMap('m').set('b', 'x'.repeat(300)); // a length past one varint byte
    doc.getMap('m').delete('a');
    const body = concat(docBodyParts({ base, tail }));
    expect(readDocBody(body).map((f) => f.v2)).toEqual([true, false, false]);
    const copy = new Y.Doc();
    applyDocBody(copy, body);
    expect(copy.getMap('m').toJSON()).toEqual({ b: 'x'.repeat(300) });
  });

  it('refuses an unknown format or a body cut short', () => {
    const body = concat(docBodyParts({ base: new Uint8Array([9, 9, 9]), tail: [new Uint8Array([1, 2])] }));
    expect(readDocBody(body)).toHaveLength(2);
    expect(() => readDocBody(body.subarray(0, body.length - 1))).toThrow(/cut short/);
    const odd = body.slice();
    odd[0] = 3;
    expect(() => readDocBody(odd)).toThrow(/unknown update format 3/);
  });
});
