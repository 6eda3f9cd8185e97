/**
 * Byte-level builders for y-websocket frames and for Yjs v1 updates the Yjs encoder
 * would never write (or would overflow its own stack writing). Kept apart from the
 * arbitraries so the formats are in one place and easy to check against Yjs.
 */
import * as encoding from 'lib0/encoding';

/** y-websocket message types and sync sub-types (as in server/core/protocol.ts, kept local: core is being changed). */
export const MSG = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
export const SYNC = { Step1: 0, Step2: 1, Update: 2 } as const;

function build(write: (enc: encoding.Encoder) => void): Uint8Array {
  const enc = encoding.createEncoder();
  write(enc);
  return encoding.toUint8Array(enc);
}

export const syncFrame = (sub: number, payload: Uint8Array) =>
  build((e) => {
    encoding.writeVarUint(e, MSG.Sync);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, payload);
  });

export const awarenessFrame = (payload: Uint8Array) =>
  build((e) => {
    encoding.writeVarUint(e, MSG.Awareness);
    encoding.writeVarUint8Array(e, payload);
  });

/** y-protocols auth message: [2, 0 = permission denied, reason]. */
export const authFrame = (reason: string) =>
  build((e) => {
    encoding.writeVarUint(e, MSG.Auth);
    encoding.writeVarUint(e, 0);
    encoding.writeVarString(e, reason);
  });

export const queryAwarenessFrame = () => new Uint8Array([MSG.QueryAwareness]);

export interface AwarenessEntry {
  client: number;
  clock: number;
  /** Sent as-is: need not be valid JSON (the relay must refuse it then, not crash). */
  json: string;
}

/** An awareness update payload: count, then (client, clock, JSON state) per entry. */
export const awarenessUpdate = (entries: AwarenessEntry[]) =>
  build((e) => {
    encoding.writeVarUint(e, entries.length);
    for (const a of entries) {
      encoding.writeVarUint(e, a.client);
      encoding.writeVarUint(e, a.clock);
      encoding.writeVarString(e, a.json);
    }
  });

/** A state vector payload: count, then (client, clock) pairs. */
export const stateVector = (pairs: Array<[number, number]>) =>
  build((e) => {
    encoding.writeVarUint(e, pairs.length);
    for (const [client, clock] of pairs) {
      encoding.writeVarUint(e, client);
      encoding.writeVarUint(e, clock);
    }
  });

export interface DsRange {
  client: number;
  ranges: Array<[clock: number, len: number]>;
}

function writeDeleteSet(e: encoding.Encoder, ds: DsRange[]): void {
  encoding.writeVarUint(e, ds.length);
  for (const c of ds) {
    encoding.writeVarUint(e, c.client);
    encoding.writeVarUint(e, c.ranges.length);
    for (const [clock, len] of c.ranges) {
      encoding.writeVarUint(e, clock);
      encoding.writeVarUint(e, len);
    }
  }
}

/** An update with no structs, only a delete set (for clients and clocks the room may not know). */
export const deleteSetUpdate = (ds: DsRange[]) =>
  build((e) => {
    encoding.writeVarUint(e, 0);
    writeDeleteSet(e, ds);
  });

/**
 * Nested arrays `depth` deep in lib0's "any" encoding (117 = array, 1 element), ending in
 * null (126). Written flat: lib0's recursive writeAny overflows the stack long before
 * the byte count matters, which is the point of sending it.
 */
export function deepAny(depth: number): Uint8Array {
  const out = new Uint8Array(depth * 2 + 1);
  for (let i = 0; i < depth; i++) {
    out[2 * i] = 117;
    out[2 * i + 1] = 1;
  }
  out[depth * 2] = 126;
  return out;
}

/**
 * One map entry `root[key] = <any>` by (client, clock), as ContentAny (ref 8) with the
 * parentSub bit (0x20) and a root parent (parentInfo 1, then the root name), then an
 * empty delete set. `anyBytes` is one encoded "any" value.
 */
export const mapSetAnyUpdate = (client: number, clock: number, root: string, key: string, anyBytes: Uint8Array) =>
  build((e) => {
    encoding.writeVarUint(e, 1); // clients with structs
    encoding.writeVarUint(e, 1); // structs of that client
    encoding.writeVarUint(e, client);
    encoding.writeVarUint(e, clock);
    encoding.writeUint8(e, 8 | 0x20);
    encoding.writeVarUint(e, 1);
    encoding.writeVarString(e, root);
    encoding.writeVarString(e, key);
    encoding.writeVarUint(e, 1); // one value in the ContentAny
    encoding.writeUint8Array(e, anyBytes);
    writeDeleteSet(e, []);
  });

/** lib0 varuint bytes of n (n up to 2^53), for overwriting length fields. */
export const varUint = (n: number) => build((e) => encoding.writeVarUint(e, n));

export function hex(data: Uint8Array | string): string {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
