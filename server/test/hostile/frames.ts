import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';

/** A sync-update frame [0, 2, varUint8Array(update)]. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0);
  encoding.writeVarUint(enc, 2);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}

/** An awareness frame [1, varUint8Array(update)] with the given entries (state null removes). */
export function awarenessFrame(entries: Array<{ clientID: number; clock: number; state: unknown }>): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.clientID);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 1);
  encoding.writeVarUint8Array(enc, encoding.toUint8Array(inner));
  return encoding.toUint8Array(enc);
}

/** Sync step 1 with an empty state vector: "send me the whole board". */
export const fullSyncRequest = () => new Uint8Array([0, 0, 1, 0]);

/** One update written by `clients` distinct client ids. */
export function manyClientsUpdate(clients: number): Uint8Array {
  const updates: Uint8Array[] = [];
  for (let i = 0; i < clients; i++) {
    const d = new Y.Doc();
    d.clientID = 1_000_000 + i;
    d.getMap('shapes').set(`c${i}`, i);
    updates.push(Y.encodeStateAsUpdate(d));
  }
  return Y.mergeUpdates(updates);
}

/** Structs of `client` from clock `from` on, which a room that never saw the earlier clocks must hold back. */
export function gapUpdate(client: number, from: number, padding: number): Uint8Array {
  const d = new Y.Doc();
  d.clientID = client;
  const m = d.getMap('shapes');
  for (let i = 0; i < from; i++) m.set('filler', i);
  const before = Y.encodeStateVector(d);
  m.set(`gap-${from}`, 'x'.repeat(padding));
  return Y.encodeStateAsUpdate(d, before);
}

/** A delete of clocks no client has written yet: Yjs keeps it pending for good. */
export function futureDeleteUpdate(client: number, clock: number, ranges: number): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, 0); // no structs
  encoding.writeVarUint(enc, 1); // one delete-set client
  encoding.writeVarUint(enc, client);
  encoding.writeVarUint(enc, ranges);
  for (let i = 0; i < ranges; i++) {
    encoding.writeVarUint(enc, clock + i * 10);
    encoding.writeVarUint(enc, 5);
  }
  return encoding.toUint8Array(enc);
}

/** A map entry whose value nests `depth` arrays deep. */
export function deepJsonUpdate(depth: number): Uint8Array {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  const d = new Y.Doc();
  d.getMap('shapes').set('deep', v as number[]);
  return Y.encodeStateAsUpdate(d);
}

export function subdocUpdate(): Uint8Array {
  const d = new Y.Doc();
  d.getMap('shapes').set('sub', new Y.Doc());
  return Y.encodeStateAsUpdate(d);
}

/** An awareness state from a real Awareness (what a browser sends). */
export function realAwarenessFrame(doc: Y.Doc, state: Record<string, unknown>): Uint8Array {
  const aw = new awarenessProtocol.Awareness(doc);
  aw.setLocalState(state);
  const frame = awarenessFrame([{ clientID: doc.clientID, clock: aw.meta.get(doc.clientID)!.clock, state }]);
  aw.destroy();
  return frame;
}

/** An update from a client id Yjs never makes (beyond 32 bits). */
export function wideClientUpdate(): Uint8Array {
  const d = new Y.Doc();
  d.clientID = 2 ** 40 + 5;
  d.getMap('shapes').set('wide', 1);
  return Y.encodeStateAsUpdate(d);
}
