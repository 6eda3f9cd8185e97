/**
 * The updates the fuzzer's divergences were shrunk to, shared by the validation unit
 * tests (server/core/validate.test.ts) and the relay tests that replay them
 * (forgedItems.test.ts, waitingReady.test.ts). X and Z are the two authors; Z is the
 * higher client id, so Yjs looks at Z's items of an update first.
 */
import * as Y from 'yjs';
import { connectProvider, synced } from '../clients.ts';

export const X = 7;
export const Z = 8;

/** X's first item: a map entry. */
export function original(): Uint8Array {
  const d = new Y.Doc();
  d.clientID = X;
  d.getMap('shapes').set('a', 1);
  return Y.encodeStateAsUpdate(d);
}

/** Two items under X's clocks 0 and 1, the first after an item of Z that is not sent: another item under X:0. */
export function forgery(): Uint8Array {
  const d = new Y.Doc();
  d.clientID = Z;
  d.getText('t').insert(0, 'z');
  const withoutZ = Y.encodeStateVector(d);
  d.clientID = X;
  d.getText('t').insert(1, 'xy');
  return Y.encodeStateAsUpdate(d, withoutZ);
}

/** X's items at clocks 0..2 ('abc' in a text), 3..5 and 6; an item of Z's after X:1. */
export function behindGap() {
  const author = new Y.Doc();
  author.clientID = X;
  author.getText('t').insert(0, 'abc');
  const fill = Y.encodeStateAsUpdate(author); // X:0..2
  const z = new Y.Doc();
  z.clientID = Z;
  Y.applyUpdate(z, fill);
  z.getText('t').insert(2, 'z'); // Z:0, after X:1
  const zItem = Y.encodeStateAsUpdate(z, Y.encodeStateVector(author));
  author.getText('t').insert(3, 'def');
  const beforeLast = Y.encodeStateVector(author);
  author.getMap('shapes').set('a', 1);
  const last = Y.encodeStateAsUpdate(author, beforeLast); // X:6 alone: X:0..5 missing
  return { fill, zItem, last, whole: Y.encodeStateAsUpdate(author), forgery: Y.mergeUpdates([zItem, last]) };
}

/** A doc's state vector as sorted [client, clock] pairs. */
export const stateOf = (d: Y.Doc): Array<[number, number]> => [...Y.decodeStateVector(Y.encodeStateVector(d))].sort((a, b) => a[0] - b[0]);

/** A new editor's state vector once it has synced (and received what the relay sends after step 2). */
export async function freshState(wsUrl: string, id: string): Promise<Array<[number, number]>> {
  const fresh = connectProvider(wsUrl, id);
  await synced(fresh);
  await new Promise((r) => setTimeout(r, 200));
  const out = stateOf(fresh.doc);
  fresh.destroy();
  return out;
}
