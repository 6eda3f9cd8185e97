/**
 * The editor's connection: a stock y-websocket provider on /ws/<roomId>, plus a
 * status store fed by provider events and navigator.onLine.
 *
 * Offline edits need nothing special: they stay in the Y.Doc and the provider's sync
 * step 1/2 exchange on reconnect sends whatever the relay is missing. Nothing here
 * blocks drawing while disconnected.
 */
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { closeReason } from '../../shared/closeCodes.ts';
import { describeClose, StatusStore } from './status.ts';

export interface Connection {
  provider: WebsocketProvider;
  status: StatusStore;
  /** Try again now (after a permanent close, or to skip the backoff). */
  retry(): void;
  destroy(): void;
}

export function wsOrigin(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}`;
}

export function connect(doc: Y.Doc, roomId: string): Connection {
  // No BroadcastChannel: tabs of one board sync through the relay anyway, and y-websocket
  // would post the whole document to it on every connect (~0.2 s of encoding on a big board).
  const provider = new WebsocketProvider(`${wsOrigin()}/ws`, roomId, doc, { maxBackoffTime: 4000, disableBc: true });
  const status = new StatusStore();
  let everConnected = false;
  /** set by a 4400-4499 close: the provider will not retry by itself */
  let refused: string | null = null;
  let lastReason: string | null = null;

  const update = (s?: 'connected' | 'connecting' | 'disconnected') => {
    const st = s ?? (provider.wsconnected ? 'connected' : 'connecting');
    // An open socket can outlive the network (the OS has not noticed yet): trust onLine.
    if (!navigator.onLine) status.set('offline', refused ?? 'no network');
    else if (st === 'connected') {
      everConnected = true;
      lastReason = null;
      status.set('connected');
    } else if (refused) status.set('offline', refused);
    else if (!navigator.onLine) status.set('offline', 'no network');
    else status.set(everConnected || lastReason ? 'reconnecting' : 'connecting', lastReason);
  };

  provider.on('status', ({ status: s }) => update(s));
  provider.on('connection-close', (event) => {
    if (event) lastReason = describeClose(event.code, event.reason, closeReason);
    update('disconnected');
  });
  provider.on('closed', ({ code, reason }) => {
    refused = describeClose(code, reason, closeReason) ?? `closed (${code})`;
    update('disconnected');
  });

  const online = () => {
    // A socket that heard nothing while we were offline may be dead without knowing it:
    // reconnect now (sync step 1/2 then sends the edits made offline) instead of
    // waiting for y-websocket's 30 s watchdog.
    if (!refused && provider.wsconnected && Date.now() - provider.wsLastMessageReceived > 3000) {
      provider.disconnect();
    }
    if (!refused) provider.connect();
    update();
  };
  const offline = () => update();
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  update();

  return {
    provider,
    status,
    retry() {
      refused = null;
      provider.disconnect();
      provider.connect();
      update();
    },
    destroy() {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      provider.destroy();
    },
  };
}
