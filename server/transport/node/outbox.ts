import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Fan-out without per-receiver work: a message is framed once (WebSocket header +
 * payload in one buffer) and that buffer is written to every receiver's socket. Writes
 * are corked and flushed together, so everything a socket receives in one flush leaves
 * in a single writev syscall instead of one syscall per message: the syscalls, not
 * Yjs, are most of a relay's CPU.
 *
 * Sockets are uncorked when the current callback (a room flush, a message handler) is
 * done, via process.nextTick: a setImmediate scheduled from a flush that itself runs in
 * the check phase would wait a whole loop iteration, including a poll that may block
 * until the next message arrives. The pacing of messages (at most one merged message
 * per room per SEND_COALESCE_MS) is the core's (core/scheduler.ts).
 *
 * This writes to ws's underlying socket directly, which is safe because the relay
 * never uses permessage-deflate or fragmented sends: ws's own Sender then never holds
 * a queue that our frames could overtake.
 */

let lastPayload: Uint8Array | null = null;
let lastFrame: Buffer | null = null;

/** A server-to-client binary frame (FIN, opcode 2, unmasked). Cached for the one payload sent to many. */
export function frameOnce(payload: Uint8Array): Buffer {
  if (payload === lastPayload) return lastFrame!;
  const len = payload.length;
  const headerLen = len < 126 ? 2 : len < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLen + len);
  frame[0] = 0x82;
  if (len < 126) {
    frame[1] = len;
  } else if (len < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    frame.writeUInt32BE(len >>> 0, 6);
  }
  frame.set(payload, headerLen);
  lastPayload = payload;
  lastFrame = frame;
  return frame;
}

/** Anything with Node's cork protocol: a net.Socket, or an http.ServerResponse (SSE). */
interface Corkable {
  cork(): void;
  uncork(): void;
  write(chunk: Uint8Array): boolean;
}

const corked = new Set<Corkable>();
let flushScheduled = false;

function uncorkAll(): void {
  flushScheduled = false;
  for (const target of corked) target.uncork();
  corked.clear();
}

/** Writes now into the target's buffer; the buffer goes to the network at the next flush. */
export function corkedWrite(target: Corkable, chunk: Uint8Array): void {
  if (!corked.has(target)) {
    target.cork();
    corked.add(target);
    if (!flushScheduled) {
      flushScheduled = true;
      process.nextTick(uncorkAll);
    }
  }
  target.write(chunk);
}

interface WsInternals {
  _socket: Socket | null;
}

/** Sends one binary message; dropped if the socket is no longer open. */
export function sendFramed(ws: WebSocket, payload: Uint8Array): void {
  if (ws.readyState !== 1) return;
  const socket = (ws as unknown as WsInternals)._socket;
  if (!socket || socket.destroyed) return;
  corkedWrite(socket, frameOnce(payload));
}
