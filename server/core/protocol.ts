import * as decoding from 'lib0/decoding';
import { CloseCode } from '../../shared/closeCodes.ts';

/** y-websocket message types (first varuint of every frame). */
export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const;
/** y-protocols sync sub-types. */
export const SyncType = { Step1: 0, Step2: 1, Update: 2 } as const;

export type ParsedMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  /** step 2 and update carry the same payload; `raw` is the frame, forwardable as-is for updates. */
  | { kind: 'update'; update: Uint8Array; isStep2: boolean }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export class ProtocolError extends Error {
  constructor(readonly code: CloseCode, message: string) {
    super(message);
  }
}

/**
 * Decodes one frame's framing and checks it completely: known type, well-formed
 * varints, no trailing bytes, a well-formed state vector. The Yjs update a frame
 * carries is checked against its room by validate.ts.
 */
export function parseMessage(frame: Uint8Array): ParsedMessage {
  const decoder = decoding.createDecoder(frame);
  let msg: ParsedMessage;
  try {
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.Sync) {
      const sub = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (sub === SyncType.Step1) msg = { kind: 'syncStep1', stateVector: payload };
      else if (sub === SyncType.Step2 || sub === SyncType.Update) msg = { kind: 'update', update: payload, isStep2: sub === SyncType.Step2 };
      else throw new ProtocolError(CloseCode.MalformedMessage, `unknown sync message type ${sub}`);
    } else if (type === MessageType.Awareness) {
      msg = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    } else if (type === MessageType.QueryAwareness) {
      msg = { kind: 'queryAwareness' };
    } else {
      throw new ProtocolError(CloseCode.MalformedMessage, `unknown message type ${type}`);
    }
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new ProtocolError(CloseCode.MalformedMessage, 'truncated or malformed frame');
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(CloseCode.MalformedMessage, 'trailing bytes after message');
  if (msg.kind === 'syncStep1') validateStateVector(msg.stateVector);
  // updates are checked completely by validate.ts, against the room they are for
  return msg;
}

function validateStateVector(sv: Uint8Array): void {
  try {
    const d = decoding.createDecoder(sv);
    const n = decoding.readVarUint(d);
    for (let i = 0; i < n; i++) {
      decoding.readVarUint(d);
      decoding.readVarUint(d);
    }
    if (decoding.hasContent(d)) throw new Error('trailing');
  } catch {
    throw new ProtocolError(CloseCode.MalformedMessage, 'malformed state vector');
  }
}

/** The empty update (no structs, empty delete set): nothing to apply, store or forward. */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}
