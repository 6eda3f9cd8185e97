import * as encoding from 'lib0/encoding';
import { MessageType, SyncType } from './protocol.ts';

/** y-websocket frames the relay builds itself (forwarded frames are sent as they came). */
function syncFrame(sub: number, payload: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MessageType.Sync);
  encoding.writeVarUint(enc, sub);
  encoding.writeVarUint8Array(enc, payload);
  return encoding.toUint8Array(enc);
}

export const syncStep1Frame = (stateVector: Uint8Array) => syncFrame(SyncType.Step1, stateVector);
export const syncStep2Frame = (update: Uint8Array) => syncFrame(SyncType.Step2, update);
export const updateFrame = (update: Uint8Array) => syncFrame(SyncType.Update, update);

export function awarenessFrame(update: Uint8Array): Uint8Array {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MessageType.Awareness);
  encoding.writeVarUint8Array(enc, update);
  return encoding.toUint8Array(enc);
}
