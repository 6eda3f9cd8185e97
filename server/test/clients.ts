import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import type { RoomInfo } from '../../shared/api.ts';

export async function createRoom(http: string): Promise<RoomInfo> {
  const res = await fetch(`${http}/api/rooms`, { method: 'POST' });
  if (res.status !== 201) throw new Error(`create room: ${res.status}`);
  return (await res.json()) as RoomInfo;
}

/** An unmodified y-websocket provider, as a browser would use it. */
export function connectProvider(wsUrl: string, roomId: string, doc = new Y.Doc()): WebsocketProvider {
  return new WebsocketProvider(wsUrl, roomId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

export function synced(provider: WebsocketProvider, timeoutMs = 10_000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('provider did not sync')), timeoutMs);
    provider.once('sync', (isSynced: boolean) => {
      clearTimeout(timer);
      if (isSynced) resolve();
    });
  });
}

/** Polls until `check` holds (bounded), for state that arrives over the network. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A raw WebSocket for sending bytes no well-behaved client would; resolves with its close. */
export function rawSocket(url: string): { ws: WebSocket; opened: Promise<void>; closed: Promise<{ code: number; reason: string }> } {
  const ws = new WebSocket(url);
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { ws, opened, closed };
}
