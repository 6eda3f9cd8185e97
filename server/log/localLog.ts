import * as Y from 'yjs';
import type { DocState } from '../../shared/docBody.ts';
import type { StoredDoc } from '../storage/storage.ts';
import type { Compactor } from '../core/compactor.ts';
import { metrics } from '../core/metrics.ts';
import { log } from '../log.ts';
import type { DocLog } from './docLog.ts';
import type { Persister } from './persister.ts';

/**
 * Past these, the updates logged since the cached encoding are dropped (see
 * extendState): compaction folds them long before (COMPACT_UPDATES, COMPACT_BYTES),
 * unless it keeps failing.
 */
const MAX_TAIL_UPDATES = 5000;
const MAX_TAIL_BYTES = 16 * 1024 * 1024;
/** The encoding of an empty document: the base of a room that has no snapshot yet. */
const EMPTY_DOC = Y.encodeStateAsUpdateV2(new Y.Doc());

export interface LocalLogOptions {
  compactUpdates: number;
  compactBytes: number;
  compactor: Compactor;
}

/**
 * The document log of one relay with its own store (SQLite, or Postgres): updates are
 * written through the shared Persister and folded into the stored snapshot now and
 * then; in memory the log keeps the document as the store has it (an encoding and the
 * updates logged since), so GET /doc serves it and compaction folds it without encoding
 * the live document or reading the store on the event loop.
 */
export class LocalLog implements DocLog {
  private seq: number;
  private sinceSnapshot = { count: 0, bytes: 0 };
  /** Size of the stored snapshot: compaction waits until the log is worth re-encoding it. */
  private snapshotBytes: number;
  private compacting: Promise<void> | null = null;
  /** The log's size when a compaction last failed: the next waits for another threshold's worth. */
  private failedAt = { count: 0, bytes: 0 };
  private closed = false;
  /** Null only after invalidate() or past the MAX_TAIL limits, until state() encodes again. */
  private cache: { base: Uint8Array; tail: Uint8Array[]; tailBytes: number } | null;
  onSavingChanged: (saving: boolean) => void = () => {};

  constructor(
    private readonly roomId: string,
    stored: StoredDoc,
    private readonly persister: Persister,
    private readonly opts: LocalLogOptions,
  ) {
    this.seq = stored.snapshotSeq;
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    this.cache = { base: stored.snapshot ?? EMPTY_DOC, tail: [], tailBytes: 0 };
    for (const u of stored.updates) {
      this.extendState(u.data);
      this.seq = u.seq;
      this.sinceSnapshot.count++;
      this.sinceSnapshot.bytes += u.data.length;
    }
    persister.open(roomId, this.seq, (saving) => this.onSavingChanged(saving));
  }

  get lastSeq(): number {
    return this.seq;
  }

  get bytes(): number {
    return this.snapshotBytes + this.sinceSnapshot.bytes;
  }

  get saving(): boolean {
    return this.persister.isSaving(this.roomId);
  }

  append(update: Uint8Array): number {
    const seq = ++this.seq;
    this.persister.enqueue(this.roomId, seq, update);
    this.extendState(update);
    this.sinceSnapshot.count++;
    this.sinceSnapshot.bytes += update.length;
    const since = this.sinceSnapshot;
    // Waiting until the log holds half the snapshot's bytes keeps re-encoding a large
    // board proportional to what was written, instead of every few hundred updates.
    const after = this.failedAt;
    if (
      !this.compacting &&
      (since.count >= after.count + this.opts.compactUpdates || since.bytes >= after.bytes + this.opts.compactBytes) &&
      since.bytes * 2 >= this.snapshotBytes
    ) {
      void this.startCompaction();
    }
    return seq;
  }

  state(encode: () => Uint8Array): DocState {
    if (!this.cache) {
      metrics.docEncodes++;
      this.cache = { base: encode(), tail: [], tailBytes: 0 };
    }
    return { base: this.cache.base, tail: this.cache.tail.slice() };
  }

  invalidate(): void {
    this.cache = null;
  }

  /** Durable (journaled or stored); the persister writes on its own schedule. */
  flush(): Promise<void> {
    return this.persister.stored(this.roomId, this.seq);
  }

  async persist(): Promise<void> {
    await this.persister.inStore(this.roomId, this.seq);
    await this.compacting;
    if (this.sinceSnapshot.count > 0) await this.startCompaction();
  }

  close(): void {
    this.closed = true;
    this.persister.close(this.roomId);
  }

  /**
   * Adds a logged update to the cached state. A view into a larger buffer (an update
   * forwarded as received is a view of the socket's read buffer, up to 64 KB) is copied,
   * so the tail does not keep whole read buffers alive.
   */
  private extendState(update: Uint8Array): void {
    const s = this.cache;
    if (!s) return;
    if (s.tail.length >= MAX_TAIL_UPDATES || s.tailBytes + update.length > MAX_TAIL_BYTES) this.cache = null;
    else {
      s.tail.push(update.byteLength === update.buffer.byteLength ? update : update.slice());
      s.tailBytes += update.length;
    }
  }

  /** One compaction at a time: two folding different log prefixes could store the older last. */
  private startCompaction(): Promise<void> {
    return (this.compacting ??= this.compact().finally(() => (this.compacting = null)));
  }

  onCompacting: (() => void) | null = null;

  private async compact(): Promise<void> {
    this.onCompacting?.();
    // the snapshot replaces rows of the store: they must be there first, not only in the journal
    await this.persister.inStore(this.roomId, this.seq);
    if (this.closed && this.sinceSnapshot.count === 0) return;
    const started = performance.now();
    let where = 'cache';
    let from = 'memory';
    try {
      let snapshot: Uint8Array;
      let upToSeq: number;
      const folded = { count: 0, bytes: 0 };
      const cache = this.cache;
      const tailAt = cache?.tail.length ?? 0;
      if (cache) {
        // The cached state is the log since the snapshot or more (it may start from a
        // later encoding): fold it rather than read the store back on the event loop.
        // Copies: the compactor takes over the buffers it gets.
        upToSeq = this.seq;
        Object.assign(folded, this.sinceSnapshot);
        if (tailAt === 0) snapshot = cache.base;
        else {
          where = this.opts.compactor.where;
          snapshot = await this.opts.compactor.fold(cache.base.slice(), cache.tail.map((u) => u.slice()));
        }
      } else {
        from = 'store';
        const stored = await this.persister.load(this.roomId);
        if (stored.updates.length === 0) return;
        upToSeq = stored.updates[stored.updates.length - 1].seq;
        folded.count = stored.updates.length;
        for (const u of stored.updates) folded.bytes += u.data.length;
        where = this.opts.compactor.where;
        snapshot = await this.opts.compactor.fold(
          stored.snapshot,
          stored.updates.map((u) => u.data),
        );
      }
      await this.persister.compact(this.roomId, snapshot, upToSeq);
      this.snapshotBytes = snapshot.length;
      if (cache && this.cache === cache) {
        // the fold replaces what it folded; updates logged meanwhile follow it
        const tail = cache.tail.slice(tailAt);
        this.cache = { base: snapshot, tail, tailBytes: tail.reduce((n, u) => n + u.length, 0) };
      } else if (!this.cache && this.seq === upToSeq) {
        // Nothing logged since what the store held: the fold is what the store holds now.
        // (Not "nothing accepted": an update accepted before the fold but logged during
        // it would be in neither.)
        this.cache = { base: snapshot, tail: [], tailBytes: 0 };
      }
      this.sinceSnapshot.count = Math.max(0, this.sinceSnapshot.count - folded.count);
      this.sinceSnapshot.bytes = Math.max(0, this.sinceSnapshot.bytes - folded.bytes);
      this.failedAt = { count: 0, bytes: 0 };
      log.debug('compacted', { room: this.roomId, seq: upToSeq, bytes: snapshot.length, on: where, from, ms: Math.round(performance.now() - started) });
    } catch (err) {
      this.failedAt = { ...this.sinceSnapshot };
      // not a fault: the log stays as it is until the missing updates arrive (fold.ts)
      if (String(err).includes('missing clocks')) log.info('compaction deferred', { room: this.roomId, reason: String(err) });
      else log.error('compaction failed', { room: this.roomId, error: String(err) });
    }
  }
}
