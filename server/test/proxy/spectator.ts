import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { EventSource } from 'eventsource';
import { SseEvent } from '../../../shared/sse.ts';

const fromBase64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));

/** A spectator as the browser's EventSource sees the stream (as in sse.test.ts), rebuilding the doc from it. */
export function spectate(url: string, lastEventId?: string) {
  const doc = new Y.Doc();
  const awareness = new awarenessProtocol.Awareness(new Y.Doc());
  const events: Array<{ type: 'snapshot' | 'update'; id: string }> = [];
  const es = new EventSource(url, {
    fetch: (input, init) =>
      fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...(lastEventId ? { 'last-event-id': lastEventId } : {}) } }),
  });
  const onDoc = (type: 'snapshot' | 'update') => (e: MessageEvent<string>) => {
    events.push({ type, id: e.lastEventId });
    Y.applyUpdate(doc, fromBase64(e.data));
  };
  es.addEventListener(SseEvent.Snapshot, onDoc('snapshot'));
  es.addEventListener(SseEvent.Update, onDoc('update'));
  es.addEventListener(SseEvent.Awareness, (e) => awarenessProtocol.applyAwarenessUpdate(awareness, fromBase64(e.data), 'sse'));
  return { es, doc, awareness, events };
}
