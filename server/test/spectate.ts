import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { EventSource } from 'eventsource';
import { SseEvent } from '../../shared/sse.ts';

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** A spectator as the browser's EventSource sees the stream, rebuilding the doc from it. */
export function spectate(url: string, lastEventId?: string) {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const events: Array<{ type: string; id: string }> = [];
  let spectators = -1;
  const es = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }),
  });
  es.addEventListener(SseEvent.Snapshot, (e) => {
    events.push({ type: 'snapshot', id: e.lastEventId });
    Y.applyUpdate(doc, fromBase64(e.data));
  });
  es.addEventListener(SseEvent.Update, (e) => {
    events.push({ type: 'update', id: e.lastEventId });
    Y.applyUpdate(doc, fromBase64(e.data));
  });
  es.addEventListener(SseEvent.Awareness, (e) => awarenessProtocol.applyAwarenessUpdate(awareness, fromBase64(e.data), 'sse'));
  es.addEventListener(SseEvent.Spectators, (e) => (spectators = Number(e.data)));
  return { es, doc, awareness, events, spectators: () => spectators };
}

