/**
 * The editor's connection: a stock y-websocket provider on /ws/<roomId>, plus a
 * status store fed by provider events, the relay's awareness state and navigator.onLine.
 *
 * Offline edits need nothing special: they stay in the Y.Doc and the provider's sync
 * step 1/2 exchange on reconnect sends whatever the relay is missing, in several frames
 * when it is over the relay's frame limit (shared/chunkedSocket.ts). Nothing here
 * blocks drawing while disconnected. The same holds while the relay cannot store the
 * board ("not saving": it says `saving: false` and refuses updates with 4507, and the
 * provider resends them on each reconnect). A change the relay refuses for good is taken
 * out and kept apart (refusals.ts) so the rest goes on syncing.
 */
import type * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { chunkingSocket } from '../../shared/chunkedSocket.ts';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import { resumeAwareness } from './awarenessResume.ts';
import type { RelayFields } from './peerState.ts';
import { handleRefusals } from './refusals.ts';
import { frameLimit } from './frameLimit.ts';
import { relayInfo } from './relayInfo.ts';
import { describeClose, NO_NETWORK, StatusStore } from './status.ts';

export interface Connection {
  provider: WebsocketProvider;
  status: StatusStore;
  /** What the relay says about this board now (saving, limits); fields are null when unknown. */
  relay(): RelayFields;
  /** Try again now (after a permanent close, or to skip the backoff). */
  retry(): void;
  /** The person dismissed the badge's notice (a refused change is then forgotten). */
  dismissNotice(): void;
  destroy(): void;
}

export function wsOrigin(loc: Location = location): string {
  return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}`;
}

/** `unreachable`: the page could not reach the relay when it opened (the board came from this device's copy). */
export function connect(doc: Y.Doc, roomId: string, opts: { unreachable?: boolean } = {}): Connection {
  // No BroadcastChannel: tabs of one board sync through the relay anyway, and y-websocket
  // would post the whole document to it on every connect (~0.2 s of encoding on a big board).
  // A change over the relay's frame limit leaves as several frames instead of being closed with 4413.
  const limit = frameLimit();
  const provider = new WebsocketProvider(`${wsOrigin()}/ws`, roomId, doc, {
    maxBackoffTime: 4000,
    disableBc: true,
    WebSocketPolyfill: chunkingSocket(WebSocket, limit.get),
  });
  const status = new StatusStore();
  const relay = () => relayInfo(provider.awareness);
  const refusals = handleRefusals({ provider, doc, roomId, status, maxDocBytes: () => relay().maxDocBytes });
  const stopResuming = resumeAwareness(provider);
  let everConnected = false;
  /** set by a 4400-4499 close: the provider will not retry by itself */
  let refused: string | null = null;
  let lastReason: string | null = null;
  /** set by a 4507 close, until the relay says it saves again (its state is gone while we reconnect) */
  let notSavingClosed = false;

  const update = (s?: 'connected' | 'connecting' | 'disconnected') => {
    const st = s ?? (provider.wsconnected ? 'connected' : 'connecting');
    // An open socket can outlive the network (the OS has not noticed yet): trust onLine.
    // Offline as well while a board opened from this device's copy has not reached the
    // relay yet: the browser may still believe it is online (captive portal, relay down).
    if (!navigator.onLine || (opts.unreachable && !everConnected && st !== 'connected' && !refused)) status.set('offline', refused ?? NO_NETWORK);
    else if (st === 'connected') {
      everConnected = true;
      lastReason = null;
      status.set('connected');
    } else if (refused) status.set('offline', refused);
    else if (!navigator.onLine) status.set('offline', NO_NETWORK);
    else status.set(everConnected || lastReason ? 'reconnecting' : 'connecting', lastReason);
  };
  const paintSaving = (saving = relay().saving) => {
    if (saving === true) notSavingClosed = false;
    status.setSaving(saving !== false && !notSavingClosed);
  };

  provider.on('status', ({ status: s }) => update(s));
  // one reading of the relay's entry per awareness change (they come at cursor rate)
  provider.awareness.on('change', () => {
    const r = relay();
    paintSaving(r.saving);
    limit.heard(r.maxFrameBytes);
  });
  provider.on('connection-close', (event) => {
    // "not saving" and an announced refusal are said in words by the badge, not as a close reason
    if (event?.code === CloseCode.NotSaving) notSavingClosed = true;
    else if (event && !refusals.announced(event.code)) lastReason = describeClose(event.code, event.reason, closeReason);
    paintSaving();
    update('disconnected');
  });
  provider.on('closed', ({ code, reason }) => {
    if (refusals.reconnectAfter(code)) return update();
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
    // a refused change waiting out its backoff is not hurried by the network coming back
    if (!refused && !refusals.waiting()) provider.connect();
    update();
  };
  const offline = () => update();
  window.addEventListener('online', online);
  window.addEventListener('offline', offline);
  update();

  return {
    provider,
    status,
    relay,
    retry() {
      refused = null;
      provider.disconnect();
      provider.connect();
      update();
    },
    dismissNotice: () => refusals.dismiss(),
    destroy() {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
      refusals.destroy();
      stopResuming();
      provider.destroy();
    },
  };
}
