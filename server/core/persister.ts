import type { Storage, StoredDoc, StoredUpdate, UpdateBatch } from '../storage/storage.ts';
import { log } from '../log.ts';
import { metrics } from './metrics.ts';

const RETRY_MS = 1000;

/**
 * Batches accepted updates: everything enqueued within `batchMs` (0: within one
 * event-loop turn), across all rooms, is written in one storage transaction. Fewer,
 * larger commits matter: with SQLite's WAL every commit rewrites each page it touches,
 * and rows of many rooms touch many pages. Writes are serialised; a failed batch is
 * kept and retried, so an update accepted in memory is never silently dropped.
 */
export class Persister {
  private pending = new Map<string, StoredUpdate[]>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<void> = Promise.resolve();
  private retryTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly storage: Storage,
    private readonly batchMs = 0,
  ) {}

  enqueue(roomId: string, seq: number, data: Uint8Array): void {
    let list = this.pending.get(roomId);
    if (!list) this.pending.set(roomId, (list = []));
    list.push({ seq, data });
    this.timer ??= setTimeout(() => void this.flush(), this.batchMs);
  }

  /** Resolves once everything enqueued so far is durable (or has failed and been re-queued). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.size === 0) return this.chain;
    const batches: UpdateBatch[] = [];
    for (const [roomId, updates] of this.pending) batches.push({ roomId, updates });
    this.pending = new Map();
    this.chain = this.chain.then(async () => {
      try {
        await this.storage.appendUpdates(batches);
      } catch (err) {
        metrics.storageErrors++;
        log.error('storage write failed, will retry', { error: String(err), rooms: batches.length });
        this.requeue(batches);
      }
    });
    return this.chain;
  }

  private requeue(batches: UpdateBatch[]): void {
    for (const b of batches) {
      const later = this.pending.get(b.roomId) ?? [];
      this.pending.set(b.roomId, [...b.updates, ...later]);
    }
    if (!this.retryTimer) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        void this.flush();
      }, RETRY_MS);
    }
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

  hasPending(): boolean {
    return this.pending.size > 0;
  }
}
