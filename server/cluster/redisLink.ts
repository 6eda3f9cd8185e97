import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { log } from '../log.ts';

/**
 * This relay's connections to Redis: one for commands (appends, leases, reads of the
 * streams; pipelined automatically) and one subscribed to the rooms' channels (their
 * log entries and presence: roomBus.ts). `up` only while both are ready: a relay that
 * lost either (pub/sub delivers nothing it missed while away)
 * cannot keep its rooms in step with the others, so it hands them back (onDown) and
 * refuses to load rooms until Redis is back, rather than diverge.
 */
export class RedisLink {
  readonly relayId = randomBytes(6).toString('base64url');
  readonly commands: Redis;
  readonly subscriber: Redis;
  private readonly ready = new Set<Redis>();
  private wasUp = false;
  private closed = false;
  private readonly downHandlers: Array<() => void> = [];
  private readonly upHandlers: Array<() => void> = [];

  constructor(url: string) {
    // Fail fast while disconnected: a queued command would run after the rooms it was for were handed back.
    const options = { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: false, connectionName: `wb-${this.relayId}` };
    this.commands = new Redis(url, { ...options, enableAutoPipelining: true });
    this.subscriber = new Redis(url, options);
    for (const conn of [this.commands, this.subscriber]) {
      conn.on('ready', () => {
        this.ready.add(conn);
        this.changed();
      });
      conn.on('close', () => {
        this.ready.delete(conn);
        this.changed();
      });
      // ioredis reconnects by itself; errors are reported once per episode through `changed`
      conn.on('error', () => {});
    }
  }

  get up(): boolean {
    return this.ready.size === 2 && !this.closed;
  }

  onDown(handler: () => void): void {
    this.downHandlers.push(handler);
  }

  onUp(handler: () => void): void {
    this.upHandlers.push(handler);
  }

  /** Resolves once connected (the relay starts serving only then); rejects after `timeoutMs`. */
  async connected(timeoutMs: number): Promise<void> {
    const started = Date.now();
    while (!this.up) {
      if (Date.now() - started > timeoutMs) throw new Error('Redis unreachable');
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([this.commands.quit(), this.subscriber.quit()]);
    for (const c of [this.commands, this.subscriber]) c.disconnect();
  }

  private changed(): void {
    const up = this.up;
    if (up === this.wasUp) return;
    this.wasUp = up;
    if (up) {
      log.info('redis connected', { relay: this.relayId });
      for (const h of this.upHandlers) h();
    } else {
      if (!this.closed) log.error('redis connection lost: rooms handed back until it returns', { relay: this.relayId });
      for (const h of this.downHandlers) h();
    }
  }
}
