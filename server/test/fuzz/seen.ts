/**
 * Which Yjs and awareness client ids a frame uses, as far as it decodes. A valid group
 * is only held to "must be accepted" if none of its ids was used in the room before:
 * reusing an id with other content is a legitimate conflict the relay may refuse.
 */
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MSG, SYNC } from './wire.ts';

function updateClients(update: Uint8Array, out: Set<number>): void {
  try {
    const { structs, ds } = Y.decodeUpdate(update);
    for (const s of structs) out.add(s.id.client);
    for (const c of ds.clients.keys()) out.add(c);
  } catch {
    // undecodable: the relay refuses it too
  }
}

function awarenessClients(payload: Uint8Array, out: Set<number>): void {
  try {
    const d = decoding.createDecoder(payload);
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      out.add(decoding.readVarUint(d));
      decoding.readVarUint(d);
      decoding.readVarString(d);
    }
  } catch {
    // truncated: what was read is enough
  }
}

export function clientIdsOf(frame: Uint8Array | string, out: Set<number>): void {
  if (typeof frame === 'string') return;
  try {
    const d = decoding.createDecoder(frame);
    const type = decoding.readVarUint(d);
    if (type === MSG.Sync) {
      const sub = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (sub === SYNC.Update || sub === SYNC.Step2) updateClients(payload, out);
    } else if (type === MSG.Awareness) {
      awarenessClients(decoding.readVarUint8Array(d), out);
    }
  } catch {
    // not a message at all
  }
}
