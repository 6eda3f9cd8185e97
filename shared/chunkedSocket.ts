/**
 * A WebSocket for y-websocket's provider (its `WebSocketPolyfill` option) that never
 * sends a sync message over the relay's frame limit: a sync step 2 or update larger
 * than the limit goes out as several updates, each under it (splitUpdate.ts). The
 * provider sends everything through `send`, so this covers both a huge transaction and
 * the reconnect after a long offline session, whose step 2 carries every offline edit.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { splitUpdate } from './splitUpdate.ts';

/** y-protocols: message type sync, and its step 2 and update sub-types */
const MESSAGE_SYNC = 0;
const SYNC_STEP_2 = 1;
const SYNC_UPDATE = 2;
/** type, sub-type and the payload's length prefix */
const FRAME_HEADER = 12;

/** The frame's parts when it is a sync step 2 or update over `maxFrameBytes`, else null (send it as it is). */
export function splitSyncFrame(frame: Uint8Array, maxFrameBytes: number): Uint8Array[] | null {
  if (frame.length <= maxFrameBytes) return null;
  let sub: number;
  let update: Uint8Array;
  try {
    const d = decoding.createDecoder(frame);
    if (decoding.readVarUint(d) !== MESSAGE_SYNC) return null;
    sub = decoding.readVarUint(d);
    if (sub !== SYNC_STEP_2 && sub !== SYNC_UPDATE) return null;
    update = decoding.readVarUint8Array(d);
    if (decoding.hasContent(d)) return null;
  } catch {
    return null;
  }
  let parts: Uint8Array[];
  try {
    parts = splitUpdate(update, maxFrameBytes - FRAME_HEADER);
  } catch {
    return null; // not an update this client made: the relay judges it whole
  }
  return parts.map((part) => {
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, sub);
    encoding.writeVarUint8Array(e, part);
    return encoding.toUint8Array(e);
  });
}

type Sendable = string | ArrayBufferLike | Blob | ArrayBufferView;
interface SocketLike {
  send(data: Sendable): void;
}
type SocketClass = new (url: string | URL, protocols?: string | string[]) => SocketLike;

/**
 * `Base` with a `send` that cuts sync messages over `frameLimit()` bytes (the browser's
 * WebSocket, or `ws` in Node); statics such as OPEN are inherited.
 */
export function chunkingSocket<B extends SocketClass>(Base: B, frameLimit: () => number): B {
  const Chunking = class extends (Base as SocketClass) {
    override send(data: Sendable): void {
      const parts = data instanceof Uint8Array ? splitSyncFrame(data, frameLimit()) : null;
      if (!parts) return super.send(data);
      for (const p of parts) super.send(p);
    }
  };
  return Chunking as B;
}
