import type { Server } from 'bun';
import type { ChannelFactory, Connection, RoomChannel } from '../../core/connection.ts';
import { BunConnection, type SocketData } from './socket.ts';

/**
 * Rooms as Bun pub/sub topics: a broadcast is one publish call; uWebSockets writes the
 * frame to every subscriber in native code and batches what each socket gets per
 * event-loop iteration. ws.publish skips the publishing socket itself, which is exactly
 * "everyone but the sender".
 */
export function topicChannels(server: () => Server<SocketData>): ChannelFactory {
  return (roomId: string): RoomChannel => {
    const topic = `room:${roomId}`;
    return {
      add: (conn: Connection) => void (conn as BunConnection).ws.subscribe(topic),
      remove: (conn: Connection) => {
        const ws = (conn as BunConnection).ws;
        if (ws.readyState === 1) ws.unsubscribe(topic);
      },
      publish: (frame: Uint8Array, except: Connection | null) => {
        if (except instanceof BunConnection && except.ws.readyState === 1) except.ws.publish(topic, frame);
        else server().publish(topic, frame);
      },
    };
  };
}
