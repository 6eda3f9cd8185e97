/**
 * A chaos editor: a real y-websocket provider on its own Y.Doc that edits on a timer
 * whether it is online or not, and can be taken offline, have its socket cut, or quit
 * for good (its doc is dropped, as when a browser tab closes).
 */
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import { connectProvider } from '../clients.ts';
import type { Ledger } from './ledger.ts';
import { randomEdit, type Op } from './ops.ts';
import type { Prng } from './prng.ts';

export interface ClientEnv {
  wsUrl: string;
  roomId: string;
  ledger: Ledger;
  /** ms since the run started */
  now(): number;
  /** a close the provider will not recover from by itself */
  onFinalClose(client: ChaosClient, code: number, reason: string): void;
}

export class ChaosClient {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** whether the test wants it online (provider.connect() vs disconnect()) */
  wantOnline = true;
  gone = false;
  edits = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    readonly name: string,
    clientId: number,
    private readonly env: ClientEnv,
    private readonly prng: Prng,
  ) {
    // a clientID from the seed: the run's tags (which embed it) are the same on a replay
    this.doc.clientID = clientId;
    this.provider = connectProvider(env.wsUrl, env.roomId, this.doc);
    this.provider.on('connection-close', (event) => {
      // y-websocket gives up on 4400-4499: in this test no client ever deserves that
      if (event && event.code >= 4400 && event.code < 4500) env.onFinalClose(this, event.code, event.reason);
    });
  }

  /** Connected and holding the relay's state (sync step 2 received). */
  get synced(): boolean {
    return !this.gone && this.provider.wsconnected && this.provider.synced;
  }

  /** Edits every 10-80 ms, sometimes a few at once, until stopped. */
  startEditing(): void {
    const tick = () => {
      const burst = this.prng.chance(0.15) ? this.prng.between(2, 5) : 1;
      for (let i = 0; i < burst; i++) this.editOnce();
      this.timer = setTimeout(tick, this.prng.between(10, 80));
    };
    this.timer = setTimeout(tick, this.prng.between(0, 50));
  }

  stopEditing(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  editOnce(): Op {
    const op = randomEdit(this.doc, this.prng, this.env.ledger.nextTag(this.doc), this.env.now());
    this.env.ledger.record(op);
    this.edits++;
    return op;
  }

  goOffline(): void {
    this.wantOnline = false;
    this.provider.disconnect();
  }

  goOnline(): void {
    this.wantOnline = true;
    this.provider.connect();
  }

  /** Cuts the socket under the provider (no disconnect() call): it must notice and reconnect. */
  cut(abrupt: boolean): boolean {
    const socket = this.provider.ws;
    if (!(socket instanceof WebSocket) || socket.readyState !== WebSocket.OPEN) return false;
    // terminate: the TCP connection just ends, no close frame; close: a clean close handshake
    if (abrupt) socket.terminate();
    else socket.close();
    return true;
  }

  /** Leaves for good: whatever only this doc held is gone. */
  quit(): void {
    this.stopEditing();
    this.gone = true;
    this.provider.destroy();
    this.doc.destroy();
  }
}
