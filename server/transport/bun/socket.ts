import type { ServerWebSocket, WebSocketHandler } from 'bun';
import type { Connection } from '../../core/connection.ts';
import type { Relay, SocketSession } from '../../core/relay.ts';
import { createSender } from './outbox.ts';
import { hardPayloadLimit } from '../../../shared/limits.ts';


export interface SocketData {
  roomId: string;
  /** The client's address (clientIp.ts). */
  ip: string;
  session: SocketSession | null;
}

/** An editor's Bun socket as the core sees it; channel.ts reaches the socket through it. */
export class BunConnection implements Connection {
  private readonly sender;

  constructor(readonly ws: ServerWebSocket<SocketData>) {
    this.sender = createSender(ws);
  }

  /** Direct sends (sync replies); room broadcasts go through the room's topic (channel.ts). */
  send(frame: Uint8Array): void {
    this.sender.send(frame);
  }

  close(code: number, reason: string): void {
    this.sender.writeNow();
    this.ws.close(code, reason);
  }

  get bufferedAmount(): number {
    return this.ws.getBufferedAmount() + this.sender.queuedBytes();
  }
}

/** Editors' sockets on Bun's native WebSocket server, adapted to the relay core. */
export function socketHandler(relay: Relay, maxFrameBytes: number): WebSocketHandler<SocketData> {
  return {
    // past it Bun refuses to buffer at all (close 1009), as `ws` does on Node
    maxPayloadLength: hardPayloadLimit(maxFrameBytes),
    perMessageDeflate: false,
    // No drop limit: Bun would silently drop frames past it (a Yjs peer would then diverge).
    // The core disconnects receivers past MAX_BUFFERED_BYTES instead, as on Node.
    backpressureLimit: 0,
    closeOnBackpressureLimit: false,
    open(ws) {
      ws.data.session = relay.connect(ws.data.roomId, new BunConnection(ws), ws.data.ip);
    },
    message(ws, message) {
      if (typeof message === 'string') ws.data.session?.rejectText();
      else ws.data.session?.message(message);
    },
    close(ws) {
      ws.data.session?.closed();
    },
  };
}
