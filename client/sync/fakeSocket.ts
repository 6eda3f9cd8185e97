/**
 * Test helper (Node): a WebSocket the test drives, for y-websocket's real provider, so
 * the sync code is tested against the provider's own message dispatch and close handling.
 */
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export class FakeSocket {
  static all: FakeSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  binaryType = '';
  sent: Uint8Array[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: ArrayBuffer }) => void) | null = null;
  onclose: ((e: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: Uint8Array) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.();
  }
  receive(frame: Uint8Array) {
    this.onmessage?.({ data: frame.slice().buffer });
  }
  serverClose(code: number) {
    this.onclose?.({ code, reason: '' });
  }
  static last(): FakeSocket {
    return FakeSocket.all[FakeSocket.all.length - 1];
  }
}

/** A provider on a FakeSocket, not connected yet. */
export function fakeProvider(doc = new Y.Doc()): WebsocketProvider {
  FakeSocket.all = [];
  return new WebsocketProvider('ws://relay/ws', 'room', doc, { connect: false, disableBc: true, WebSocketPolyfill: FakeSocket as unknown as typeof WebSocket });
}
