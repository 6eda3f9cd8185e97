import * as Y from 'yjs';
import type { DocState } from '../../shared/docBody.ts';
import type { StoredDoc } from '../storage/storage.ts';
import type { DocLog, LoggedEntry, PresenceLink } from '../log/docLog.ts';
import { StateCache, type SeqUpdate } from '../log/stateCache.ts';
import { log } from '../log.ts';
import type { LogEntry } from './entries.ts';

const EMPTY_DOC = Y.encodeStateAsUpdateV2(new Y.Doc());

/** What a shared log needs of the cluster (cluster.ts). */
export interface SharedLogHost {
  readonly relayId: string;
  readonly up: boolean;
  /** Appends to the room's stream; resolves with the seq Redis gave it. */
  append(roomId: string, update: Uint8Array): Promise<number>;
  /** The room's updates should reach the store soon (this relay appended some). */
  touched(roomId: string): void;
  /** Moves what the stream holds into the store now, if this relay can (on unload). */
  persistNow(roomId: string): Promise<void>;
  /** The log is done with the room: stop reading its stream and presence. */
  closed(roomId: string): void;
}

/**
 * A room's log in cluster mode: a Redis stream every relay of the room appends to and
 * reads. Seqs come from Redis, so this relay learns the seq of its own updates only
 * when it reads them back: append() returns null, and every entry, this relay's and the
 * others', reaches the room in stream order through onEntries. The store (Postgres) is
 * written by whichever relay holds the room's lease (streamPersister.ts), not by this.
 */
export class SharedLog implements DocLog {
  private seq: number;
  /** Size of the document as stored (snapshot and log since), as of `storedSeq` ... */
  private storedBytes: number;
  private storedSeq: number;
  /** ... plus the entries after it: [seq, bytes], oldest first, and their sum. */
  private unstored: Array<[number, number]> = [];
  private unstoredHead = 0;
  private unstoredBytes = 0;
  private readonly cache: StateCache;
  private outstanding: Promise<unknown> = Promise.resolve();
  private lost = false;
  private isClosed = false;
  onSavingChanged: (saving: boolean) => void = () => {};
  onEntries: DocLog['onEntries'] = null;
  onLost: () => void = () => {};

  constructor(
    private readonly roomId: string,
    stored: StoredDoc,
    readonly epoch: string,
    private readonly host: SharedLogHost,
    readonly presence: PresenceLink,
  ) {
    this.cache = new StateCache(stored.snapshot ?? EMPTY_DOC);
    this.seq = stored.snapshotSeq;
    this.storedBytes = stored.snapshot?.length ?? 0;
    this.storedSeq = stored.snapshotSeq;
    for (const u of stored.updates) {
      this.cache.extend(u.data, u.seq);
      this.seq = u.seq;
      this.addUnstored(u.seq, u.data.length);
    }
  }

  /**
   * What the store holds now (the relay holding the lease wrote and compacted it): the
   * size MAX_DOC_BYTES bounds follows compaction, as a local log's does, and counts
   * what Redis holds that the store does not.
   */
  rebase(storedSeq: number, storedBytes: number): void {
    if (storedSeq < this.storedSeq) return;
    this.storedSeq = storedSeq;
    this.storedBytes = storedBytes;
    const q = this.unstored;
    while (this.unstoredHead < q.length && q[this.unstoredHead][0] <= storedSeq) this.unstoredBytes -= q[this.unstoredHead++][1];
    if (this.unstoredHead > 1024 && this.unstoredHead * 2 > q.length) {
      this.unstored = q.slice(this.unstoredHead);
      this.unstoredHead = 0;
    }
  }

  private addUnstored(seq: number, bytes: number): void {
    if (seq <= this.storedSeq) return;
    this.unstored.push([seq, bytes]);
    this.unstoredBytes += bytes;
  }

  get lastSeq(): number {
    return this.seq;
  }

  get bytes(): number {
    return this.storedBytes + this.unstoredBytes;
  }

  get saving(): boolean {
    return !this.lost && this.host.up;
  }

  /** Sequenced when read back (deliver): null tells the room so. */
  append(update: Uint8Array): null {
    const appended = this.host.append(this.roomId, update).catch((err) => this.fail(`append failed: ${String(err)}`));
    this.outstanding = Promise.all([this.outstanding, appended]);
    this.host.touched(this.roomId);
    return null;
  }

  /** Entries of the room's stream, in order (feed.ts), as they arrived together. */
  deliver(entries: readonly LogEntry[]): void {
    const batch: LoggedEntry[] = [];
    for (const e of entries) {
      if (this.lost || this.isClosed) return;
      if (e.seq <= this.seq) continue;
      // the feed delivers every seq once, in order; anything else means this copy cannot be trusted
      if (e.seq !== this.seq + 1) {
        this.emit(batch);
        return this.fail(`stream gap: expected ${this.seq + 1}, read ${e.seq}`);
      }
      this.seq = e.seq;
      this.addUnstored(e.seq, e.update.length);
      this.cache.extend(e.update, e.seq);
      batch.push({ update: e.update, seq: e.seq, fromHere: e.relay === this.host.relayId });
    }
    this.emit(batch);
  }

  private emit(batch: LoggedEntry[]): void {
    if (batch.length > 0 && !this.lost && !this.isClosed) this.onEntries?.(batch);
  }

  state(encode: () => Uint8Array): DocState {
    return this.cache.state(encode);
  }

  since(afterSeq: number): SeqUpdate[] {
    return this.cache.since(afterSeq);
  }

  invalidate(): void {
    this.cache.invalidate();
  }

  /** Resolves once Redis has every update appended so far (or the link is lost: then nothing more can be done here). */
  flush(): Promise<void> {
    return this.outstanding.then(() => {});
  }

  async persist(): Promise<void> {
    await this.flush();
    if (!this.lost) await this.host.persistNow(this.roomId).catch((err) => log.warn('persist on unload failed; another relay will', { room: this.roomId, error: String(err) }));
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.host.closed(this.roomId);
  }

  /** Redis is gone or the stream cannot be followed: the room must be handed back (it reloads from the shared log). */
  fail(reason: string): void {
    if (this.lost) return;
    this.lost = true;
    log.error('shared log lost; room handed back', { room: this.roomId, reason });
    this.onSavingChanged(false);
    this.onLost();
  }
}
