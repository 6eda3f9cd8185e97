import type { Redis } from 'ioredis';
import { log } from '../log.ts';

export interface PresenceHandlers {
  /** An awareness update from another relay. */
  update(update: Uint8Array): void;
  /** A relay just joined the room: publish the states of this relay's editors again. */
  query(): void;
}

const UPDATE = 0;
const QUERY = 1;

/**
 * Awareness across relays over Redis pub/sub: one channel per room; a message is the
 * sender's relay id, a kind byte, then a y-protocols awareness update (or nothing, for
 * a query). Presence is kept nowhere: a relay that starts following a room asks the
 * others to publish their editors' states again, so its editors see everyone at once.
 */
export class PresenceBus {
  private readonly handlers = new Map<string, PresenceHandlers>();
  private readonly idBytes: Buffer;

  constructor(
    private readonly subscriber: Redis,
    private readonly commands: Redis,
    relayId: string,
  ) {
    this.idBytes = Buffer.from(relayId, 'latin1');
    subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) => {
      const handler = this.handlers.get(channel.toString());
      const head = this.idBytes.length;
      if (!handler || message.length <= head) return;
      // our own message comes back too
      if (message.subarray(0, head).equals(this.idBytes)) return;
      try {
        if (message[head] === QUERY) handler.query();
        else if (message[head] === UPDATE) handler.update(new Uint8Array(message.buffer, message.byteOffset + head + 1, message.length - head - 1));
      } catch (err) {
        log.warn('presence from another relay refused', { channel: channel.toString(), error: String(err) });
      }
    });
    // a resubscription after a reconnect is ioredis' own (autoResubscribe)
  }

  async join(channel: string, handlers: PresenceHandlers): Promise<void> {
    this.handlers.set(channel, handlers);
    await this.subscriber.subscribe(channel);
    this.send(channel, QUERY, new Uint8Array(0));
  }

  leave(channel: string): void {
    if (!this.handlers.delete(channel)) return;
    this.subscriber.unsubscribe(channel).catch(() => {});
  }

  publish(channel: string, update: Uint8Array): void {
    this.send(channel, UPDATE, update);
  }

  private send(channel: string, kind: number, payload: Uint8Array): void {
    this.commands.publish(channel, Buffer.concat([this.idBytes, Buffer.of(kind), payload])).catch(() => {});
  }
}
