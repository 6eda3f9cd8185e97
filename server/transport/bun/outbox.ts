import type { ServerWebSocket } from 'bun';

/**
 * Coalesced sends on Bun: messages for a socket are queued and written inside one
 * ws.cork() at flush time, so uWebSockets frames them into one buffer and one
 * syscall per socket per flush instead of one per message. Flushed when the current
 * callback is done (process.nextTick), like the Node outbox.
 */
interface Queued {
  ws: ServerWebSocket<unknown>;
  frames: Uint8Array[];
  bytes: number;
}

const pending: Queued[] = [];
let flushScheduled = false;

function flush(): void {
  flushScheduled = false;
  for (let i = 0; i < pending.length; i++) writeQueued(pending[i]);
  pending.length = 0;
}

function writeQueued(q: Queued): void {
  const frames = q.frames;
  q.frames = [];
  q.bytes = 0;
  if (q.ws.readyState !== 1 || frames.length === 0) return;
  if (frames.length === 1) q.ws.send(frames[0]);
  else q.ws.cork(() => {
    for (let j = 0; j < frames.length; j++) q.ws.send(frames[j]);
  });
}

/** A per-socket sender; the same frame object may be given to many sockets. */
export function createSender(ws: ServerWebSocket<unknown>): { send(frame: Uint8Array): void; queuedBytes(): number; writeNow(): void } {
  const q: Queued = { ws, frames: [], bytes: 0 };
  return {
    send(frame) {
      if (q.frames.length === 0) {
        pending.push(q);
        if (!flushScheduled) {
          flushScheduled = true;
          process.nextTick(flush);
        }
      }
      q.frames.push(frame);
      q.bytes += frame.length;
    },
    queuedBytes: () => q.bytes,
    /** Before a close: what was queued for this socket goes first (the later flush skips it, its queue empty). */
    writeNow: () => writeQueued(q),
  };
}
