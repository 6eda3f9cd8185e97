import type { RawData, WebSocket } from 'ws';
import type { Connection } from '../../core/connection.ts';
import type { Relay, SocketSession } from '../../core/relay.ts';
import { log } from '../../log.ts';
import { sendFramed, writeQueuedNow } from './outbox.ts';

/**
 * An editor's `ws` socket adapted to the core. Listeners are shared module functions
 * (`this` is the socket) and the adapter is a class, so an idle connection costs
 * little more than ws's own objects.
 */
class WsConnection implements Connection {
  session: SocketSession | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly roomId: string,
  ) {}

  send(frame: Uint8Array): void {
    sendFramed(this.ws, frame);
  }

  close(code: number, reason: string): void {
    writeQueuedNow(this.ws);
    this.ws.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }
}

const CONN = Symbol('connection');
type Tagged = WebSocket & { [CONN]: WsConnection };
const connOf = (ws: WebSocket) => (ws as Tagged)[CONN];

function onMessage(this: WebSocket, data: RawData, isBinary: boolean): void {
  const session = connOf(this).session!;
  // binaryType is 'nodebuffer': one Buffer per message.
  if (isBinary) session.message(data as Buffer);
  else session.rejectText();
}

function onClose(this: WebSocket): void {
  connOf(this).session?.closed();
}

function onError(this: WebSocket, err: Error): void {
  log.warn('socket error', { room: connOf(this).roomId, error: err.message });
}

export function attachSocket(relay: Relay, ws: WebSocket, roomId: string, ip: string): void {
  const conn = new WsConnection(ws, roomId);
  (ws as Tagged)[CONN] = conn;
  ws.on('message', onMessage);
  ws.on('close', onClose);
  ws.on('error', onError);
  conn.session = relay.connect(roomId, conn, ip);
}
