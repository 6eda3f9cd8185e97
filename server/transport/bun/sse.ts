import type { EventSink } from '../../core/connection.ts';
import type { Relay } from '../../core/relay.ts';

const SSE_HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  connection: 'keep-alive',
  'x-accel-buffering': 'no',
};

/**
 * A spectator's stream as a Response body. Chunks are queued in the ReadableStream and
 * counted in bytes (high-water mark 0), so the bytes enqueued but not yet pulled by Bun's
 * socket writer are the sink's bufferedAmount, and the hub drops spectators that fall behind.
 */
export function eventStreamResponse(relay: Relay, viewId: string, lastEventId: string | null, abort: AbortSignal): Response {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let stop: (() => void) | null = null;
  let gone = false;
  /** Leaves the hub once, whichever comes first: client gone, stream ended, or watch refused. */
  const release = () => {
    if (gone) return;
    gone = true;
    stop?.();
  };
  let ended = false;
  const sink: EventSink = {
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
  const body = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        void relay.watch(viewId, lastEventId, sink).then((s) => {
          stop = s;
          if (!s) sink.end();
          else if (gone) s();
        }, () => sink.end());
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
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** Headers only, for HEAD: no spectator is registered. */
export const eventStreamHead = (): Response => new Response(null, { status: 200, headers: SSE_HEADERS });
