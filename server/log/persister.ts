import type { Storage, StoredDoc, StoredUpdate, UpdateBatch } from '../storage/storage.ts';
import { log } from '../log.ts';
import { metrics } from '../core/metrics.ts';
import type { Journal } from './journal.ts';

const RETRY_MS = 1000;

/** One room's writes: what waits to be written, and who waits for it. */
interface RoomWrites {
  queued: StoredUpdate[];
  /** Highest seq known to be in the store. */
  stored: number;
  /** Highest seq known to be in the journal (durable as well). */
  journaled: number;
  /** The last write of this room failed: it is retried alone, every RETRY_MS. */
  failing: boolean;
  waiters: Array<{ seq: number; resolve: () => void }>;
  onSaving: (saving: boolean) => void;
}

/**
 * Writes accepted updates to the store. Everything enqueued within `batchMs` goes in
 * one transaction: with SQLite's WAL every commit rewrites each page it touches (two
 * writes a page), rows of many rooms touch many pages, and every thousand pages a
 * checkpoint fsyncs on the event loop. With a journal, the updates of one event-loop
 * turn are also appended to it at once, from a microtask (one write for every room a
 * flush touched): an update counts as durable (stored()) as soon as either holds it.
 *
 * A failed write stalls only its room: the batch is retried room by room, the rooms
 * that still fail keep their updates (in order) and retry alone every RETRY_MS, and
 * their log hears "not saving" until a retry succeeds. Writes are serialised, so an
 * update is never stored before one enqueued earlier.
 */
export class Persister {
  private readonly rooms = new Map<string, RoomWrites>();
  private scheduled = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Store writes taken from the queues and not finished yet. */
  private inFlight = 0;
  private journalQueue: UpdateBatch[] = [];
  private journalScheduled = false;

  constructor(
    private readonly storage: Storage,
    private readonly batchMs = 0,
    private readonly journal: Journal | null = null,
  ) {}

  /** Registers a room; `onSaving` hears when its writes start or stop failing. */
  open(roomId: string, storedSeq: number, onSaving: (saving: boolean) => void): void {
    const w = this.rooms.get(roomId);
    if (w) w.onSaving = onSaving;
    else this.rooms.set(roomId, { queued: [], stored: storedSeq, journaled: storedSeq, failing: false, waiters: [], onSaving });
  }

  /** The room left memory: forget it once its writes are done. */
  close(roomId: string): void {
    const w = this.rooms.get(roomId);
    if (w && w.queued.length === 0 && !w.failing) this.rooms.delete(roomId);
    else if (w) w.onSaving = () => {};
  }

  isSaving(roomId: string): boolean {
    return !this.rooms.get(roomId)?.failing;
  }

  enqueue(roomId: string, seq: number, data: Uint8Array): void {
    const w = this.rooms.get(roomId);
    if (!w) throw new Error(`persister: room ${roomId} not open`);
    w.queued.push({ seq, data });
    if (this.journal) {
      const last = this.journalQueue[this.journalQueue.length - 1];
      if (last?.roomId === roomId) last.updates.push({ seq, data });
      else this.journalQueue.push({ roomId, updates: [{ seq, data }] });
      if (!this.journalScheduled) {
        this.journalScheduled = true;
        queueMicrotask(this.writeJournal);
      }
    }
    if (w.failing) return;
    if (this.batchMs > 0) this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
    else if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => void this.flush());
    }
  }

  /** Resolves once the room's updates up to `seq` are durable: journaled or stored (waits through retries). */
  stored(roomId: string, seq: number): Promise<void> {
    const w = this.rooms.get(roomId);
    if (!w || Math.max(w.stored, w.journaled) >= seq) return Promise.resolve();
    return new Promise((resolve) => w.waiters.push({ seq, resolve }));
  }

  /** Resolves once the room's updates up to `seq` are in the store itself (compaction folds against it). */
  async inStore(roomId: string, seq: number): Promise<void> {
    for (;;) {
      const w = this.rooms.get(roomId);
      if (!w || w.stored >= seq) return;
      await this.flush();
      if (w.failing) await new Promise((r) => setTimeout(r, RETRY_MS));
    }
  }

  /** One write for everything enqueued this turn; a failed one only leaves it to the store's batch. */
  private readonly writeJournal = (): void => {
    this.journalScheduled = false;
    const batches = this.journalQueue;
    this.journalQueue = [];
    if (batches.length === 0 || !this.journal) return;
    try {
      this.journal.append(batches);
    } catch (err) {
      metrics.storageErrors++;
      log.error('journal write failed; updates wait for the store', { error: String(err) });
      void this.flush();
      return;
    }
    for (const b of batches) {
      const w = this.rooms.get(b.roomId);
      if (!w) continue;
      w.journaled = Math.max(w.journaled, b.updates[b.updates.length - 1].seq);
      resolveWaiters(w);
    }
  };

  /** Writes what is queued (rooms not failing) in one transaction; resolves when that attempt is over. */
  flush(): Promise<void> {
    this.scheduled = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches: UpdateBatch[] = [];
    for (const [roomId, w] of this.rooms) {
      if (w.failing || w.queued.length === 0) continue;
      batches.push({ roomId, updates: w.queued });
      w.queued = [];
    }
    if (batches.length === 0) return this.chain;
    this.inFlight++;
    this.chain = this.chain.then(() => this.write(batches)).finally(() => {
      this.inFlight--;
      this.journalDone();
    });
    return this.chain;
  }

  /** Once the store holds everything the journal does, the journal may be emptied. */
  private journalDone(): void {
    if (!this.journal || this.inFlight > 0 || this.journalQueue.length > 0 || this.unwritten() > 0) return;
    try {
      this.journal.truncateIfLarge();
    } catch (err) {
      log.error('journal truncate failed', { error: String(err) });
    }
  }

  /**
   * Flushes and retries failing rooms until everything is stored or `deadlineMs` passes;
   * true when nothing is left unwritten (graceful shutdown exits non-zero otherwise).
   */
  async drain(deadlineMs: number): Promise<boolean> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      await this.flush();
      await this.retryFailing();
      if (this.unwritten() === 0) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, Math.min(RETRY_MS, Math.max(0, until - Date.now()))));
    }
  }

  /** Updates not stored yet, across rooms. */
  unwritten(): number {
    let n = 0;
    for (const w of this.rooms.values()) n += w.queued.length;
    return n;
  }

  /** A room's stored document, read after every write queued before the call. */
  load(roomId: string): Promise<StoredDoc> {
    const read = this.chain.then(() => this.storage.loadDoc(roomId));
    this.chain = read.then(
      () => {},
      () => {},
    );
    return read;
  }

  /** Replaces a room's snapshot, ordered after every write queued before it. */
  compact(roomId: string, snapshot: Uint8Array, upToSeq: number): Promise<void> {
    const done = this.chain.then(() => this.storage.compact(roomId, snapshot, upToSeq));
    this.chain = done.catch(() => {});
    return done;
  }

  private async write(batches: UpdateBatch[]): Promise<void> {
    try {
      await this.storage.appendUpdates(batches);
      for (const b of batches) this.written(b);
      return;
    } catch (err) {
      metrics.storageErrors++;
      if (batches.length === 1) return this.failed(batches[0], err);
    }
    // One room's bad row (a constraint, a full disk hit mid-way) must not stall the others.
    for (const b of batches) {
      try {
        await this.storage.appendUpdates([b]);
        this.written(b);
      } catch (err) {
        metrics.storageErrors++;
        this.failed(b, err);
      }
    }
  }

  private written(b: UpdateBatch): void {
    const w = this.rooms.get(b.roomId);
    if (!w) return;
    w.stored = Math.max(w.stored, b.updates[b.updates.length - 1].seq);
    resolveWaiters(w);
    if (w.failing) {
      w.failing = false;
      log.info('storage writes recovered', { room: b.roomId });
      w.onSaving(true);
      if (w.queued.length > 0) void this.flush();
    }
  }

  private failed(b: UpdateBatch, err: unknown): void {
    const w = this.rooms.get(b.roomId);
    if (!w) return;
    w.queued = [...b.updates, ...w.queued];
    if (!w.failing) {
      w.failing = true;
      log.error('storage write failed, room not saving; retrying', { room: b.roomId, error: String(err), updates: w.queued.length });
      w.onSaving(false);
    }
    this.retryTimer ??= setTimeout(() => {
      this.retryTimer = null;
      void this.retryFailing();
    }, RETRY_MS);
  }

  /** Each failing room alone: its queue, in order. */
  private retryFailing(): Promise<void> {
    const batches: UpdateBatch[] = [];
    for (const [roomId, w] of this.rooms) {
      if (!w.failing || w.queued.length === 0) continue;
      batches.push({ roomId, updates: w.queued });
      w.queued = [];
    }
    for (const b of batches) {
      this.inFlight++;
      this.chain = this.chain.then(() => this.write([b])).finally(() => {
        this.inFlight--;
        this.journalDone();
      });
    }
    return this.chain;
  }
}

function resolveWaiters(w: RoomWrites): void {
  if (w.waiters.length === 0) return;
  const durable = Math.max(w.stored, w.journaled);
  const still = [];
  for (const x of w.waiters) if (x.seq <= durable) x.resolve();
  else still.push(x);
  w.waiters = still;
}
