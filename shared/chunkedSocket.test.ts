import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { splitSyncFrame } from './chunkedSocket.ts';

const frame = (type: number, sub: number, payload: Uint8Array) => {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  encoding.writeVarUint(e, sub);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
};

function bigUpdate(): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < 200; i++) doc.getMap('shapes').set(`s${i}`, 'x'.repeat(1000));
  return Y.encodeStateAsUpdate(doc);
}

describe('splitSyncFrame', () => {
  it('cuts a sync step 2 into step 2 frames under the limit that rebuild the document', () => {
    const parts = splitSyncFrame(frame(0, 1, bigUpdate()), 16 * 1024)!;
    expect(parts.length).toBeGreaterThan(10);
    const doc = new Y.Doc();
    for (const p of parts) {
      expect(p.length).toBeLessThanOrEqual(16 * 1024);
      const d = decoding.createDecoder(p);
      expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 1]);
      Y.applyUpdate(doc, decoding.readVarUint8Array(d));
    }
    expect(doc.getMap('shapes').size).toBe(200);
  });

  it('leaves alone what fits, what is not an update, and what does not parse', () => {
    const u = bigUpdate();
    expect(splitSyncFrame(frame(0, 2, u), u.length + 10)).toBeNull();
    expect(splitSyncFrame(frame(0, 0, u), 1024)).toBeNull(); // sync step 1
    expect(splitSyncFrame(frame(1, 2, u), 1024)).toBeNull(); // awareness
    expect(splitSyncFrame(frame(0, 2, u).subarray(0, 5000), 1024)).toBeNull();
    expect(splitSyncFrame(frame(0, 2, new Uint8Array(5000).fill(7)), 1024)).toBeNull();
  });
});
