import { describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/closeCodes.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import { ProtocolError } from './protocol.ts';
import { checkUpdate, type UpdateContext } from './validate.ts';
import { behindGap, forgery, original, X, Z } from '../test/hostile/forgeries.ts';

const sv = (d: Y.Doc) => [...Y.decodeStateVector(Y.encodeStateVector(d))];
const context = (doc: Y.Doc): UpdateContext => ({ doc, ahead: new Map(), touched: new Map(), waiting: null, pendingBytes: 0, pendingDeletes: 0, docBytes: 0 });
/** What Room.settle does to the context once it applied what was checked. */
const settled = (ctx: UpdateContext) => {
  ctx.ahead.clear();
  ctx.touched.clear();
};
const limits: Limits = { ...DEFAULT_LIMITS, maxFrameBytes: 1 << 20 };

function refusal(f: () => unknown): number | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof ProtocolError) return err.code;
    throw err;
  }
}

describe('items under ids the room has, referring to items it does not have (validate.ts)', () => {
  it('Yjs holds such an item back, and the board encoded then gives more than the room holds (why it is refused)', () => {
    const room = new Y.Doc();
    Y.applyUpdate(room, original());
    Y.applyUpdate(room, forgery());
    expect(sv(room)).toEqual([[X, 1]]); // X:0..1 wait for Z:0
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(room)); // what a new editor, or a snapshot, gets
    expect(sv(fresh)).toEqual([[X, 2]]);
  });

  it('are refused with 4401 before anything is applied', () => {
    const room = new Y.Doc();
    Y.applyUpdate(room, original());
    const ctx = context(room);
    expect(refusal(() => checkUpdate(forgery(), ctx, limits))).toBe(CloseCode.InvalidUpdate);
    expect(sv(room)).toEqual([[X, 1]]);
    expect(room.store.pendingStructs).toBeNull();
  });

  it('against updates checked but not applied yet: the room is asked to apply those first, then decides', () => {
    const room = new Y.Doc();
    const ctx = context(room);
    expect(checkUpdate(original(), ctx, limits).settleFirst).toBeUndefined();
    expect(checkUpdate(forgery(), ctx, limits)).toEqual({ pending: false, pendingDeletes: 0, settleFirst: true });
    // what Room.settle does
    Y.applyUpdate(room, original());
    settled(ctx);
    expect(refusal(() => checkUpdate(forgery(), ctx, limits))).toBe(CloseCode.InvalidUpdate);
  });

  it('copies of what the room has are accepted: the same update again, a whole state, an overlapping one', () => {
    const author = new Y.Doc();
    author.clientID = Z;
    author.getText('t').insert(0, 'z');
    author.clientID = X;
    author.getText('t').insert(1, 'xy');
    const first = Y.encodeStateAsUpdate(author);
    const before = Y.encodeStateVector(author);
    author.getText('t').insert(3, 'more');
    const room = new Y.Doc();
    Y.applyUpdate(room, first);
    const ctx = context(room);
    for (const u of [first, Y.encodeStateAsUpdate(author), Y.encodeStateAsUpdate(author, before)]) {
      expect(checkUpdate(u, ctx, limits).settleFirst).toBeUndefined();
      settled(ctx);
    }
    // the same update twice before the room applies the first: decided once it is applied, and accepted
    const other = new Y.Doc();
    const early = context(other);
    checkUpdate(first, early, limits);
    expect(checkUpdate(first, early, limits).settleFirst).toBe(true);
    Y.applyUpdate(other, first);
    settled(early);
    expect(checkUpdate(first, early, limits).settleFirst).toBeUndefined();
  });

  /** M's first item, before Z's that is not sent: it waits. And the whole of it, Z's item too. */
  function waitingItem(): { waits: Uint8Array; whole: Uint8Array } {
    const d = new Y.Doc();
    d.clientID = Z;
    d.getText('t').insert(0, 'z');
    const withoutZ = Y.encodeStateVector(d);
    d.clientID = X;
    d.getText('t').insert(0, 'a');
    return { waits: Y.encodeStateAsUpdate(d, withoutZ), whole: Y.encodeStateAsUpdate(d) };
  }

  it('another item under the id of one that waits is refused; the item itself again, or with what it waits for, is not', () => {
    const { waits, whole } = waitingItem();
    const room = new Y.Doc();
    Y.applyUpdate(room, waits);
    expect(room.store.pendingStructs).not.toBeNull();
    const ctx = context(room);
    // what Yjs would do with it: integrate the other item, keep the waiting one back, and encode the board without it
    const copy = new Y.Doc();
    Y.applyUpdate(copy, waits);
    Y.applyUpdate(copy, original());
    expect(Y.decodeUpdateV2(copy.store.pendingStructs!.update).structs[0].id).toEqual(Y.createID(X, 0));
    expect(refusal(() => checkUpdate(original(), ctx, limits))).toBe(CloseCode.InvalidUpdate);
    for (const u of [waits, whole]) {
      expect(refusal(() => checkUpdate(u, ctx, limits))).toBeNull();
      settled(ctx);
    }
    Y.applyUpdate(room, whole);
    expect(room.store.pendingStructs).toBeNull();
    expect(room.getText('t').toString()).toBe('az');
  });

  it('the rest of an item the room has in part: a copy continues what the room has, another item is refused', () => {
    const author = new Y.Doc();
    author.clientID = X;
    author.getText('t').insert(0, 'abcde');
    const room = new Y.Doc();
    Y.applyUpdate(room, Y.encodeStateAsUpdate(author)); // X:0..4
    author.getText('t').insert(5, 'fgh'); // one item X:0..7 at the author's
    const ctx = context(room);
    expect(refusal(() => checkUpdate(Y.encodeStateAsUpdate(author), ctx, limits))).toBeNull();
    settled(ctx);
    // X:0..7 as one item in another list: Yjs would link X:5..7 after X:4 of the text (it threw, found by the fuzzer)
    const other = new Y.Doc();
    other.clientID = X;
    other.getArray('a').insert(0, [1, 2, 3, 4, 5, 6, 7, 8]);
    expect(refusal(() => checkUpdate(Y.encodeStateAsUpdate(other), ctx, limits))).toBe(CloseCode.InvalidUpdate);
  });

  it('an item referring to a later item of its own client is refused (Yjs looks it up and throws)', () => {
    // maps nested two deep, then the inner two made each other's parent (as the fuzzer sent them)
    const d = new Y.Doc();
    d.clientID = X;
    const outer = new Y.Map<unknown>();
    d.getMap('m').set('c', outer);
    const inner = new Y.Map<unknown>();
    outer.set('c', inner);
    inner.set('leaf', 1);
    const structs = Y.decodeUpdate(Y.encodeStateAsUpdate(d)).structs as Y.Item[];
    expect(refusal(() => checkUpdate(encodeStructs(structs), context(new Y.Doc()), limits))).toBeNull();
    structs[1].parent = Y.createID(X, 2) as unknown as Y.AbstractType<unknown>;
    structs[2].parent = Y.createID(X, 1) as unknown as Y.AbstractType<unknown>;
    const cycle = encodeStructs(structs);
    expect(() => Y.applyUpdate(new Y.Doc(), cycle)).toThrow();
    expect(refusal(() => checkUpdate(cycle, context(new Y.Doc()), limits))).toBe(CloseCode.InvalidUpdate);
  });
});


describe('an update giving items that wait what they wait for, while Yjs keeps them back (validate.ts)', () => {
  it('Yjs notes Z:0 as waiting for X:5 (the clock before the gap), not X:1: given X:0..2 it keeps it back, and the board encoded has it (why)', () => {
    const { fill, forgery } = behindGap();
    const room = new Y.Doc();
    Y.applyUpdate(room, forgery);
    expect([...room.store.pendingStructs!.missing]).toEqual([[X, 5]]);
    Y.applyUpdate(room, fill);
    expect(sv(room)).toEqual([[X, 3]]); // Z:0 waits although X:1 is there
    const fresh = new Y.Doc();
    Y.applyUpdate(fresh, Y.encodeStateAsUpdate(room));
    expect(sv(fresh).sort((a, b) => a[0] - b[0])).toEqual([[X, 3], [Z, 1]]);
  });

  it('is refused with 4401 before anything is applied', () => {
    const { fill, forgery } = behindGap();
    const room = new Y.Doc();
    Y.applyUpdate(room, forgery);
    const pending = room.store.pendingStructs!.update;
    const ctx = context(room);
    expect(refusal(() => checkUpdate(fill, ctx, limits))).toBe(CloseCode.InvalidUpdate);
    expect(sv(room)).toEqual([]);
    expect(room.store.pendingStructs!.update).toBe(pending);
  });

  it('is refused also where the room would take the item up: another cut of the same updates (an editor, the outbox merging) would not', () => {
    const { fill, zItem, last, forgery } = behindGap();
    // in two updates Yjs notes X:0 for Z:0, and the fill makes it take Z:0 up
    const apart = new Y.Doc();
    Y.applyUpdate(apart, last);
    Y.applyUpdate(apart, zItem);
    expect(apart.store.pendingStructs!.missing.get(X)).toBe(0);
    const ctx = context(apart);
    expect(refusal(() => checkUpdate(fill, ctx, limits))).toBe(CloseCode.InvalidUpdate);
    // an editor that got them merged in one would keep Z:0 back
    const editor = new Y.Doc();
    Y.applyUpdate(editor, forgery);
    Y.applyUpdate(editor, fill);
    Y.applyUpdate(apart, fill);
    expect(sv(apart)).not.toEqual(sv(editor));
  });

  it('what gives everything up to the gap and past it is accepted, and nothing waits after it', () => {
    const { whole, forgery } = behindGap();
    const room = new Y.Doc();
    Y.applyUpdate(room, forgery);
    const ctx = context(room);
    expect(refusal(() => checkUpdate(whole, ctx, limits))).toBeNull();
    Y.applyUpdate(room, whole);
    expect(room.store.pendingStructs).toBeNull();
    expect(room.getText('t').toString()).toBe('abzcdef');
  });

  it('only what Yjs would integrate counts: X:0..2 that wait themselves give Z:0 nothing, and are accepted', () => {
    const { forgery } = behindGap();
    // X:0..2 again, but after an item of Q's the room lacks: they wait with Z:0
    const Q = 9;
    const q = new Y.Doc();
    q.clientID = Q;
    q.getText('t').insert(0, 'q');
    const withoutQ = Y.encodeStateVector(q);
    q.clientID = X;
    q.getText('t').insert(1, 'abc');
    const waitingFill = Y.encodeStateAsUpdate(q, withoutQ);
    const room = new Y.Doc();
    Y.applyUpdate(room, forgery);
    expect(refusal(() => checkUpdate(waitingFill, context(room), limits))).toBeNull();
  });

  it('with updates checked but not applied and items waiting, the room is asked to apply those first', () => {
    const { fill, forgery } = behindGap();
    const room = new Y.Doc();
    Y.applyUpdate(room, forgery);
    const ctx = context(room);
    const other = new Y.Doc();
    other.clientID = 11;
    other.getMap('shapes').set('b', 2);
    expect(checkUpdate(Y.encodeStateAsUpdate(other), ctx, limits).settleFirst).toBeUndefined();
    expect(checkUpdate(fill, ctx, limits).settleFirst).toBe(true);
    Y.applyUpdate(room, Y.encodeStateAsUpdate(other));
    settled(ctx);
    expect(refusal(() => checkUpdate(fill, ctx, limits))).toBe(CloseCode.InvalidUpdate);
  });
});

/** A v1 update of one client's consecutive structs, as Yjs writes them, and no deletions. */
function encodeStructs(structs: Y.Item[]): Uint8Array {
  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, 1);
  encoding.writeVarUint(enc.restEncoder, structs.length);
  enc.writeClient(structs[0].id.client);
  encoding.writeVarUint(enc.restEncoder, structs[0].id.clock);
  for (const st of structs) st.write(enc, 0);
  encoding.writeVarUint(enc.restEncoder, 0);
  return enc.toUint8Array();
}
