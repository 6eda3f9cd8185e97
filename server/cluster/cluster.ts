import { randomBytes } from 'node:crypto';
import { CloseCode } from '../../shared/closeCodes.ts';
import type { Compactor } from '../core/compactor.ts';
import { ProtocolError } from '../core/protocol.ts';
import type { PresenceLink } from '../log/docLog.ts';
import type { LogSource, OpenedLog } from '../log/logSource.ts';
import type { Storage, StoredDoc } from '../storage/storage.ts';
import { log } from '../log.ts';
import { readAfter } from './entries.ts';
import { ClusterKeys } from './keys.ts';
import { RoomFeed } from './feed.ts';
import { RoomBus } from './roomBus.ts';
import { RedisLink } from './redisLink.ts';
import { APPEND, OPEN } from './scripts.ts';
import { SharedLog, type SharedLogHost } from './sharedLog.ts';
import { StreamPersister, type StreamPersisterOptions } from './streamPersister.ts';

export interface ClusterOptions extends Pick<StreamPersisterOptions, 'compactUpdates' | 'compactBytes'> {
  redisUrl: string;
  /** REDIS_KEY_PREFIX: deployments (and tests) sharing a Redis stay apart. */
  keyPrefix?: string;
  persist?: Partial<Omit<StreamPersisterOptions, 'compactUpdates' | 'compactBytes'>>;
}

/** Loaded rooms learn how much of them the store holds (for MAX_DOC_BYTES) this often. */
const REBASE_MS = 5000;

/** A load that raced a trim of the stream is read again, this many times at most. */
const OPEN_ATTEMPTS = 5;

/** Updates larger than this are published as a notice only (the relays read them from the stream): a subscriber's output buffer in Redis is bounded. */
const PUBLISH_MAX_BYTES = 64 * 1024;

/**
 * Cluster mode (REDIS_URL): every relay serves any room. A room's log is a Redis
 * stream (sharedLog.ts) that relays append to; the append script also publishes each
 * entry on the room's channel, which the relays with the room loaded follow (feed.ts,
 * roomBus.ts) along with presence; the relay holding a room's lease writes the stream
 * to the store (streamPersister.ts). Losing Redis hands every room back.
 */
export class Cluster implements SharedLogHost, LogSource {
  readonly link: RedisLink;
  private readonly bus: RoomBus;
  private readonly feeds = new Map<string, RoomFeed>();
  private readonly persister: StreamPersister;
  private readonly logs = new Map<string, SharedLog>();
  private readonly keys: ClusterKeys;
  private rebaseTimer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly storage: Storage,
    compactor: Compactor,
    opts: ClusterOptions,
  ) {
    this.keys = new ClusterKeys(opts.keyPrefix ?? 'wb');
    this.link = new RedisLink(opts.redisUrl);
    this.bus = new RoomBus(this.link.subscriber, this.link.commands, this.link.relayId);
    this.persister = new StreamPersister(this.link, this.keys, storage, compactor, {
      intervalMs: 250,
      sweepMs: 2000,
      leaseMs: 10_000,
      keepEntries: 2048,
      ...opts.persist,
      compactUpdates: opts.compactUpdates,
      compactBytes: opts.compactBytes,
    }, (roomId) => this.logs.has(roomId));
    this.link.onDown(() => {
      for (const l of [...this.logs.values()]) l.fail('redis connection lost');
    });
  }

  get relayId(): string {
    return this.link.relayId;
  }

  get up(): boolean {
    return this.link.up;
  }

  async start(timeoutMs = 10_000): Promise<void> {
    await this.link.connected(timeoutMs);
    this.persister.start();
    this.rebaseTimer = setInterval(() => void this.rebase(), REBASE_MS);
    this.rebaseTimer.unref?.();
  }

  /**
   * Tells each loaded room's log what the store holds of it now (written by whichever
   * relay holds the lease), and reads the stream of a room whose counter is ahead of
   * what reached this relay (a safety net: entries appended without being published, by
   * a relay of an older version, still arrive, if late).
   */
  private async rebase(): Promise<void> {
    if (!this.link.up) return;
    await Promise.all(
      [...this.logs].map(async ([roomId, shared]) => {
        const k = this.keys.room(roomId);
        const [[seq, snapshot, bytes], counter] = await Promise.all([this.link.commands.hmget(k.stored, 'seq', 'snapshot', 'bytes'), this.link.commands.get(k.seq)]);
        if (seq !== null) shared.rebase(Number(seq), Number(snapshot ?? 0) + Number(bytes ?? 0));
        const feed = this.feeds.get(roomId);
        if (feed && Number(counter ?? 0) > feed.lastSeq) void feed.fill();
      }),
    ).catch(() => {});
  }

  /** Opens a room's shared log: the store's document plus what the stream holds beyond it. */
  async open(roomId: string): Promise<OpenedLog> {
    if (!this.link.up) throw new ProtocolError(CloseCode.ClusterUnavailable, 'redis unavailable');
    const k = this.keys.room(roomId);
    try {
      for (let attempt = 0; attempt < OPEN_ATTEMPTS; attempt++) {
        const stored = await this.storage.loadDoc(roomId);
        const storedSeq = stored.updates.length > 0 ? stored.updates[stored.updates.length - 1].seq : stored.snapshotSeq;
        const [counter, epoch] = (await OPEN.run(this.link.commands, [k.seq, k.epoch], [storedSeq, randomBytes(6).toString('hex')])) as [number, string];
        const entries = await readAfter(this.link.commands, k.stream, storedSeq);
        // Seqs are gapless: a stream that starts later than the store ends was trimmed after the store was read.
        if (counter > storedSeq && entries[0]?.seq !== storedSeq + 1) continue;
        const doc: StoredDoc = { ...stored, updates: [...stored.updates, ...entries.map((e) => ({ seq: e.seq, data: e.update }))] };
        return { stored: doc, log: this.attach(roomId, doc, epoch) };
      }
    } catch (err) {
      if (!this.link.up) throw new ProtocolError(CloseCode.ClusterUnavailable, 'redis unavailable');
      throw err;
    }
    throw new Error(`room ${roomId}: the shared log kept moving while it loaded`);
  }

  async append(roomId: string, update: Uint8Array): Promise<number> {
    const k = this.keys.room(roomId);
    return (await APPEND.run(this.link.commands, [k.seq, k.stream, this.keys.dirtyRooms], [this.link.relayId, update, roomId, k.presence, PUBLISH_MAX_BYTES])) as number;
  }

  touched(roomId: string): void {
    this.persister.touch(roomId);
  }

  persistNow(roomId: string): Promise<void> {
    return this.persister.persistNow(roomId);
  }

  closed(roomId: string): void {
    this.logs.delete(roomId);
    this.feeds.get(roomId)?.close();
    this.feeds.delete(roomId);
    this.bus.leave(this.keys.room(roomId).presence);
  }

  /** After the rooms were persisted (graceful shutdown). */
  async close(): Promise<void> {
    if (this.rebaseTimer) clearInterval(this.rebaseTimer);
    await this.persister.stop();
    for (const feed of this.feeds.values()) feed.close();
    await this.link.close();
  }

  private attach(roomId: string, doc: StoredDoc, epoch: string): SharedLog {
    const k = this.keys.room(roomId);
    const presence: PresenceLink = {
      publish: (update) => this.bus.publishPresence(k.presence, update),
      onRemote: () => {},
      onQuery: () => {},
    };
    const shared = new SharedLog(roomId, doc, epoch, this, presence);
    this.logs.set(roomId, shared);
    const feed = new RoomFeed(this.link.commands, k.stream, shared.lastSeq, (entries) => shared.deliver(entries), (reason) => shared.fail(reason));
    this.feeds.set(roomId, feed);
    this.bus
      .join(k.presence, {
        entry: (seq, relay, update) => feed.receive(seq, relay, update),
        presence: (u) => presence.onRemote(u),
        query: () => presence.onQuery(),
      })
      // what was appended between the load's read of the stream and the subscription
      .then(() => feed.fill())
      .catch((err) => {
        log.warn('room channel subscribe failed', { room: roomId, error: String(err) });
        shared.fail('subscribe failed');
      });
    return shared;
  }
}
