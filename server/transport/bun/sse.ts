import type { EventSink } from '../../core/connection.ts';
import type { Relay } from '../../core/relay.ts';
import { streamRefusal } from '../../core/router.ts';

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * A spectator's stream as a Response body, or the JSON refusal when the relay does not
 * admit it (Relay.watch). Chunks are queued in the ReadableStream and counted in bytes
 * (high-water mark 0), so the bytes enqueued but not yet pulled by Bun's socket writer
 * are the sink's bufferedAmount, and the hub drops spectators that fall behind.
 */
export async function eventStreamResponse(relay: Relay, viewId: string, lastEventId: string | null, ip: string, abort: AbortSignal): Promise<Response> {
  let stop: (() => void) | null = null;
  let gone = false;
  /** Leaves the hub once, whichever comes first: client gone, stream ended. */
  const release = () => {
    if (gone) return;
    gone = true;
    stop?.();
  };
  let body: ReadableStream<Uint8Array> | null = null;
  const open = (): EventSink => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let ended = false;
    // start() runs inside the constructor: the controller exists before the hub writes.
    body = new ReadableStream<Uint8Array>(
      {
        start(c) {
          controller = c;
        },
        cancel() {
          ended = true;
          release();
        },
      },
      { highWaterMark: 0, size: (chunk) => chunk?.byteLength ?? 0 },
    );
    abort.addEventListener('abort', () => {
      ended = true;
      release();
    });
    return {
      write(chunk) {
        if (ended) return;
        try {
          controller.enqueue(chunk);
        } catch {
          // The consumer errored the stream under us: treat it as a disconnect.
          ended = true;
          release();
        }
      },
      end() {
        if (ended) return;
        ended = true;
        try {
          controller.close();
        } catch {
          /* already closed */
        }
        // Like Node's 'close' event, after the caller (hub) finished iterating its sinks.
        queueMicrotask(release);
      },
      get bufferedAmount() {
        return ended ? 0 : Math.max(0, -(controller.desiredSize ?? 0));
      },
    };
  };
  const result = await relay.watch(viewId, lastEventId, ip, open);
  if (typeof result !== 'function') {
    return Response.json({ error: streamRefusal[result.status] }, { status: result.status, headers: { 'cache-control': 'no-store' } });
  }
  stop = result;
  if (gone || abort.aborted) result();
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** Headers only, for HEAD: no spectator is registered. */
export const eventStreamHead = (): Response => new Response(null, { status: 200, headers: SSE_HEADERS });
