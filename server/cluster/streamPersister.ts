import type { Compactor } from '../core/compactor.ts';
import type { Storage, UpdateBatch } from '../storage/storage.ts';
import { log } from '../log.ts';
import { readAfter } from './entries.ts';
import type { ClusterKeys } from './keys.ts';
import type { RedisLink } from './redisLink.ts';
import { COMPACTED, LEASE, RELEASE, STORED } from './scripts.ts';

export interface StreamPersisterOptions {
  /** A room this relay appended to is written to the store this long after. */
  intervalMs: number;
  /** Every this often, rooms anyone left unwritten (a relay died) are picked up. */
  sweepMs: number;
  /** A relay that stops renewing its lease (it died) loses the room after this. */
  leaseMs: number;
  /** Entries kept in a stream below what the store has, for spectators resuming on another relay. */
  keepEntries: number;
  compactUpdates: number;
  compactBytes: number;
}

/** Entries moved per room per pass: a long backlog goes in several transactions. */
const MAX_ENTRIES_PER_PASS = 5000;
const SWEEP_COUNT = 200;
const RETRY_MS = 1000;
/** A room unloading whose lease another relay holds (a sweep passing by) tries again this often, this many times. */
const UNLOAD_LEASE_TRIES = 5;
const UNLOAD_LEASE_WAIT_MS = 200;

/**
 * Moves rooms' streams into the store (Postgres): the relay holding a room's lease
 * copies the entries the store lacks (Storage.recoverUpdates: rows it already has stay
 * as they are), records how far the store goes (STORED) and trims the stream below it,
 * and now and then folds the stored log into a snapshot (Storage.compact never moves a
 * snapshot back). Every step is idempotent, so a relay dying half-way, or two relays
 * whose leases overlapped, lose and duplicate nothing.
 */
export class StreamPersister {
  private readonly touched = new Set<string>();
  private readonly retryAfter = new Map<string, number>();
  /** Updates since the snapshot when a compaction was deferred or failed: the next waits for another threshold's worth. */
  private readonly compactFailedAt = new Map<string, { count: number; bytes: number }>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  private sweepCursor = '0';
  private chain: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly link: RedisLink,
    private readonly keys: ClusterKeys,
    private readonly storage: Storage,
    private readonly compactor: Compactor,
    private readonly opts: StreamPersisterOptions,
    /** Whether this relay has the room loaded: a sweep gives back the leases of rooms it does not serve. */
    private readonly serves: (roomId: string) => boolean = () => false,
  ) {}

  start(): void {
    this.sweepTimer = setInterval(() => void this.sweep(), this.opts.sweepMs);
    this.sweepTimer.unref?.();
  }

  /** This relay appended to the room: write it soon. */
  touch(roomId: string): void {
    this.touched.add(roomId);
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const rooms = [...this.touched];
      this.touched.clear();
      void this.persist(rooms);
    }, this.opts.intervalMs);
  }

  /**
   * Writes the room now (on unload), then gives its lease up. The stream is trimmed to
   * nothing: the entries kept for spectators matter while the board is in use, and an
   * idle board should cost Redis only its few small keys.
   */
  async persistNow(roomId: string): Promise<void> {
    this.retryAfter.delete(roomId);
    for (let i = 0; i < UNLOAD_LEASE_TRIES; i++) {
      if ((await this.persist([roomId], 0)).length > 0 || !this.link.up) break;
      await new Promise((r) => setTimeout(r, UNLOAD_LEASE_WAIT_MS));
    }
    if (this.link.up) await RELEASE.run(this.link.commands, [this.keys.room(roomId).lease], [this.link.relayId]);
  }

  /** Stops the timers and waits for the pass in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await this.chain;
  }

  /** One pass at a time: passes over the same room would only repeat each other. Resolves with the rooms it held the lease of. */
  private persist(roomIds: string[], keepEntries = this.opts.keepEntries, sweeping = false): Promise<string[]> {
    const run = this.chain.then(() => this.pass(roomIds, keepEntries, sweeping));
    this.chain = run.then(
      () => {},
      () => {},
    );
    return run;
  }

  private async sweep(): Promise<void> {
    if (!this.link.up || this.stopped) return;
    try {
      const [cursor, rooms] = await this.link.commands.sscan(this.keys.dirtyRooms, this.sweepCursor, 'COUNT', SWEEP_COUNT);
      this.sweepCursor = cursor;
      const now = Date.now();
      const due = rooms.filter((r) => (this.retryAfter.get(r) ?? 0) <= now);
      if (due.length > 0) await this.persist(due, this.opts.keepEntries, true);
    } catch (err) {
      log.warn('sweep of unwritten rooms failed', { error: String(err) });
    }
  }

  /**
   * Writes the rooms whose lease this relay holds (or takes). A sweep gives the leases of
   * rooms this relay does not serve back once written: holding them would keep the relays
   * that serve the room from writing it, and from trimming its stream when they unload it.
   */
  private async pass(roomIds: string[], keepEntries: number, sweeping: boolean): Promise<string[]> {
    if (!this.link.up || roomIds.length === 0) return [];
    const redis = this.link.commands;
    const leased: string[] = [];
    await Promise.all(
      roomIds.map(async (id) => {
        if ((await LEASE.run(redis, [this.keys.room(id).lease], [this.link.relayId, this.opts.leaseMs])) === 1) leased.push(id);
      }),
    );
    const batches: UpdateBatch[] = [];
    const moved = new Map<string, { upTo: number; count: number; bytes: number; more: boolean }>();
    for (const id of leased) {
      const k = this.keys.room(id);
      const storedSeq = Number((await redis.hget(k.stored, 'seq')) ?? 0);
      const entries = await readAfter(redis, k.stream, storedSeq, MAX_ENTRIES_PER_PASS);
      let bytes = 0;
      for (const e of entries) bytes += e.update.length;
      const upTo = entries.length > 0 ? entries[entries.length - 1].seq : storedSeq;
      moved.set(id, { upTo, count: entries.length, bytes, more: entries.length === MAX_ENTRIES_PER_PASS });
      if (entries.length > 0) batches.push({ roomId: id, updates: entries.map((e) => ({ seq: e.seq, data: e.update })) });
    }
    if (batches.length > 0) {
      try {
        await this.storage.recoverUpdates(batches);
      } catch (err) {
        // the stream keeps them: editing goes on, and the next pass or sweep tries again
        log.warn('writing the shared log to the store failed; retrying', { rooms: batches.length, error: String(err) });
        const until = Date.now() + RETRY_MS;
        for (const b of batches) {
          this.retryAfter.set(b.roomId, until);
          this.touched.add(b.roomId);
        }
        this.retryLater();
        return leased;
      }
    }
    for (const [id, m] of moved) {
      this.retryAfter.delete(id);
      const k = this.keys.room(id);
      const [, count, bytes, snapshotBytes] = (await STORED.run(redis, [k.stored, k.stream, k.seq, this.keys.dirtyRooms], [m.upTo, m.count, m.bytes, keepEntries, id])) as number[];
      if (m.more) this.touch(id);
      const after = this.compactFailedAt.get(id) ?? { count: 0, bytes: 0 };
      if ((count >= after.count + this.opts.compactUpdates || bytes >= after.bytes + this.opts.compactBytes) && bytes * 2 >= snapshotBytes) {
        if (await this.compact(id)) this.compactFailedAt.delete(id);
        else this.compactFailedAt.set(id, { count, bytes });
      }
      if (sweeping && !this.serves(id)) await RELEASE.run(redis, [k.lease], [this.link.relayId]);
    }
    return leased;
  }

  private retryLater(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      const rooms = [...this.touched];
      this.touched.clear();
      void this.persist(rooms);
    }, RETRY_MS);
  }

  /** Folds the stored log into a snapshot (on the compaction thread); false when it could not. */
  private async compact(roomId: string): Promise<boolean> {
    try {
      const stored = await this.storage.loadDoc(roomId);
      if (stored.updates.length === 0) return true;
      const upTo = stored.updates[stored.updates.length - 1].seq;
      let bytes = 0;
      for (const u of stored.updates) bytes += u.data.length;
      const snapshot = await this.compactor.fold(
        stored.snapshot,
        stored.updates.map((u) => u.data),
      );
      await this.storage.compact(roomId, snapshot, upTo);
      await COMPACTED.run(this.link.commands, [this.keys.room(roomId).stored], [snapshot.length, stored.updates.length, bytes]);
      log.debug('compacted', { room: roomId, seq: upTo, bytes: snapshot.length });
      return true;
    } catch (err) {
      if (String(err).includes('missing clocks')) log.info('compaction deferred', { room: roomId, reason: String(err) });
      else log.warn('compaction failed', { room: roomId, error: String(err) });
      return false;
    }
  }
}
