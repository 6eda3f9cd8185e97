/**
 * The spectator's live feed: an EventSource on the view's events URL (shared/sse.ts).
 * Snapshots and updates are Yjs updates applied to the local doc (Yjs merges
 * idempotently, so a fresh snapshot after a reconnect is simply applied); awareness
 * events feed a y-protocols Awareness for the cursors and the presence list.
 *
 * EventSource reconnects by itself with Last-Event-ID. If it gives up (the server
 * answered with an error status), we open a new one after a delay.
 */
import * as Y from 'yjs';
import { applyAwarenessUpdate, removeAwarenessStates, type Awareness } from 'y-protocols/awareness';
import { fromBase64 } from 'lib0/buffer';
import { SseEvent } from '../../shared/sse.ts';
import type { StatusStore } from '../sync/status.ts';

export const SSE_ORIGIN = 'sse';
const RETRY_MS = 3000;

export interface StreamOptions {
  doc: Y.Doc;
  awareness: Awareness;
  status: StatusStore;
  onSpectators(n: number): void;
}

export function followStream(eventsUrl: string, opts: StreamOptions): () => void {
  const { doc, awareness, status } = opts;
  let es: EventSource | null = null;
  let everOpen = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const safely = (fn: (data: string) => void) => (e: Event) => {
    try {
      fn((e as MessageEvent<string>).data);
    } catch (err) {
      console.warn('bad spectator event', err);
    }
  };
  // Remote cursors are unknown while disconnected: drop them rather than show stale ones.
  const forgetPeers = () => {
    const ids = [...awareness.getStates().keys()].filter((id) => id !== awareness.clientID);
    if (ids.length) removeAwarenessStates(awareness, ids, SSE_ORIGIN);
  };

  const open = () => {
    if (stopped) return;
    es = new EventSource(eventsUrl);
    const applyDoc = safely((d) => Y.applyUpdate(doc, fromBase64(d), SSE_ORIGIN));
    es.addEventListener(SseEvent.Snapshot, applyDoc);
    es.addEventListener(SseEvent.Update, applyDoc);
    es.addEventListener(SseEvent.Awareness, safely((d) => applyAwarenessUpdate(awareness, fromBase64(d), SSE_ORIGIN)));
    es.addEventListener(SseEvent.Spectators, safely((d) => opts.onSpectators(Number(d) || 0)));
    es.onopen = () => {
      everOpen = true;
      status.set('connected');
    };
    es.onerror = () => {
      forgetPeers();
      if (!navigator.onLine) status.set('offline', 'no network');
      else status.set(everOpen ? 'reconnecting' : 'connecting');
      if (es?.readyState === EventSource.CLOSED) {
        es = null;
        status.set(navigator.onLine ? 'reconnecting' : 'offline', navigator.onLine ? 'stream closed by server' : 'no network');
        timer = setTimeout(open, RETRY_MS);
      }
    };
  };
  open();

  return () => {
    stopped = true;
    clearTimeout(timer);
    es?.close();
  };
}
