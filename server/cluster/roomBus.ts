import type { Redis } from 'ioredis';
import { log } from '../log.ts';

export interface RoomBusHandlers {
  /** An entry of the room's log as the append script published it (`update` null: too large, read it from the stream). */
  entry(seq: number, relay: string, update: Uint8Array | null): void;
  /** An awareness update from another relay. */
  presence(update: Uint8Array): void;
  /** A relay just joined the room: publish the states of this relay's editors again. */
  query(): void;
}

/** Message kinds: the byte after the sender's relay id. */
const PRESENCE = 0;
const QUERY = 1;
/** Published by the append script (scripts.ts APPEND): `<seq>:<update>`, or `<seq>:` alone. */
const ENTRY = 2;
const NOTICE = 3;
const COLON = 0x3a;

/**
 * One pub/sub channel per room, on the relay's subscriber connection: the room's log
 * entries as they are appended (pushed by Redis in seq order, so following a room costs
 * the relay no request of its own per entry) and presence. A message is the sender's
 * relay id, a kind byte, then its payload: a y-protocols awareness update, nothing (a
 * query), or an entry. Presence is kept nowhere: a relay that starts following a room
 * asks the others to publish their editors' states again, so its editors see everyone
 * at once. Entries are also in the room's stream, which fills what pub/sub cannot have
 * delivered (feed.ts).
 */
export class RoomBus {
  private readonly handlers = new Map<string, RoomBusHandlers>();
  private readonly idBytes: Buffer;

  constructor(
    private readonly subscriber: Redis,
    private readonly commands: Redis,
    relayId: string,
  ) {
    this.idBytes = Buffer.from(relayId, 'latin1');
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString('latin1'));
      const head = this.idBytes.length;
      if (!handler || message.length <= head) return;
      const kind = message[head];
      try {
        if (kind === ENTRY || kind === NOTICE) {
          const colon = message.indexOf(COLON, head + 1);
          if (colon < 0) return;
          const seq = Number(message.toString('latin1', head + 1, colon));
          const relay = message.toString('latin1', 0, head);
          // a copy: the room and the log keep it, the parser's buffers are not ours
          const update = kind === ENTRY ? new Uint8Array(message.subarray(colon + 1)) : null;
          handler.entry(seq, relay, update);
          return;
        }
        // our own presence comes back too
        if (message.compare(this.idBytes, 0, head, 0, head) === 0) return;
        if (kind === QUERY) handler.query();
        else if (kind === PRESENCE) handler.presence(new Uint8Array(message.buffer, message.byteOffset + head + 1, message.length - head - 1));
      } catch (err) {
        log.warn('message from the room channel refused', { channel: channel.toString(), error: String(err) });
      }
    });
    // a resubscription after a reconnect is ioredis' own (autoResubscribe); the link hands every room back meanwhile
  }

  /** Resolves once Redis has the subscription: everything published on the channel from then on arrives. */
  async join(channel: string, handlers: RoomBusHandlers): Promise<void> {
    this.handlers.set(channel, handlers);
    await this.subscriber.subscribe(channel);
    this.send(channel, QUERY, new Uint8Array(0));
  }

  leave(channel: string): void {
    if (!this.handlers.delete(channel)) return;
    this.subscriber.unsubscribe(channel).catch(() => {});
  }

  publishPresence(channel: string, update: Uint8Array): void {
    this.send(channel, PRESENCE, update);
  }

  private send(channel: string, kind: number, payload: Uint8Array): void {
    this.commands.publish(channel, Buffer.concat([this.idBytes, Buffer.of(kind), payload])).catch(() => {});
  }
}
