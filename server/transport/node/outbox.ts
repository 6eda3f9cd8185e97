import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * Fan-out without per-receiver work: a message is framed once (WebSocket header +
 * payload in one buffer) and that buffer is written to every receiver's socket.
 * Everything a socket is sent during one callback (a room flush, a message handler)
 * leaves in a single write when the callback is done (process.nextTick): one syscall
 * per socket per flush, not per message — the syscalls, not Yjs, are most of a relay's
 * CPU. The frames of one flush are joined once for all receivers of a room; that is
 * ~5–10 % less CPU than corking each socket and letting Node gather the frames per
 * socket (docs/relay-performance.md).
 *
 * process.nextTick, not setImmediate: a setImmediate scheduled from a flush that itself
 * runs in the check phase would wait a whole loop iteration, including a poll that may
 * block until the next message arrives. The pacing of messages (at most one merged
 * message per room per SEND_COALESCE_MS) is the core's (core/scheduler.ts).
 *
 * This writes to ws's underlying socket directly, which is safe because the relay
 * never uses permessage-deflate or fragmented sends: ws's own Sender then never holds
 * a queue that our frames could overtake; and its close frame goes after our queued
 * frames (writeQueuedNow).
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

/** Anything with Node's cork protocol: spectators' responses (http.ServerResponse), which frame their own chunks. */
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

/**
 * Frames waiting for the end of the current callback, per socket. Each socket gets one
 * write per flush; the receivers of a room get the same frames in the same order, so
 * their concatenation is built once and shared (see writeQueued).
 */
const QUEUED = Symbol('queued frames');
type Queuing = Socket & { [QUEUED]?: Buffer[] };
let queuedSockets: Queuing[] = [];
let writeScheduled = false;

const socketOf = (ws: WebSocket) => (ws as unknown as WsInternals)._socket as Queuing | null;

/** Takes a socket's queued frames and writes them, joined unless `joined` already is. */
function writeTaken(socket: Queuing, joined?: (list: Buffer[]) => Buffer): void {
  const list = socket[QUEUED];
  socket[QUEUED] = undefined;
  if (!list || socket.destroyed) return;
  socket.write(list.length === 1 ? list[0] : (joined ?? Buffer.concat)(list));
}

function writeQueued(): void {
  writeScheduled = false;
  const sockets = queuedSockets;
  queuedSockets = [];
  let lastList: Buffer[] | null = null;
  let lastJoined: Buffer | null = null;
  const joinedOnce = (list: Buffer[]): Buffer => {
    if (!lastList || !sameFrames(list, lastList)) {
      lastList = list;
      lastJoined = Buffer.concat(list);
    }
    return lastJoined!;
  };
  for (const socket of sockets) writeTaken(socket, joinedOnce);
}

function sameFrames(a: Buffer[], b: Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Sends one binary message; dropped if the socket is no longer open. */
export function sendFramed(ws: WebSocket, payload: Uint8Array): void {
  if (ws.readyState !== 1) return;
  const socket = socketOf(ws);
  if (!socket || socket.destroyed) return;
  const frame = frameOnce(payload);
  const list = socket[QUEUED];
  if (list) list.push(frame);
  else {
    socket[QUEUED] = [frame];
    queuedSockets.push(socket);
    if (!writeScheduled) {
      writeScheduled = true;
      process.nextTick(writeQueued);
    }
  }
}

/**
 * Writes a socket's queued frames now: before ws writes a close frame of its own, which
 * must not overtake them.
 */
export function writeQueuedNow(ws: WebSocket): void {
  const socket = socketOf(ws);
  if (socket) writeTaken(socket);
}
