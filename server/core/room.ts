import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import type { RelayPresenceState } from '../../shared/schema.ts';
import type { DocState } from '../../shared/docBody.ts';
import type { StoredDoc } from '../storage/storage.ts';
import { SpectatorHub } from '../sse/hub.ts';
import { log } from '../log.ts';
import type { ChannelFactory, Connection, RoomChannel } from './connection.ts';
import { applyUpdateSpan, type StructSpan } from './concatUpdates.ts';
import type { Compactor } from './compactor.ts';
import { awarenessFrame, syncStep1Frame, syncStep2Frame } from './frames.ts';
import { countRejected, metrics } from './metrics.ts';
import { Outbox } from './outbox.ts';
import type { Persister } from './persister.ts';
import { ProtocolError, SyncType, isEmptyUpdate, parseMessage } from './protocol.ts';
import type { FlushScheduler } from './scheduler.ts';

/**
 * Past these, the updates logged since the cached encoding are dropped (see
 * Room.extendState): compaction folds them long before (COMPACT_UPDATES, COMPACT_BYTES),
 * unless it keeps failing.
 */
const MAX_TAIL_UPDATES = 5000;
const MAX_TAIL_BYTES = 16 * 1024 * 1024;
/** The encoding of an empty document: the base of a room that has no snapshot yet. */
const EMPTY_DOC = Y.encodeStateAsUpdateV2(new Y.Doc());

export interface RoomOptions {
  maxBufferedBytes: number;
  /** Spectator streams further behind than this are dropped (they resume with Last-Event-ID). */
  sseMaxBufferedBytes: number;
  compactUpdates: number;
  compactBytes: number;
  scheduler: FlushScheduler;
  compactor: Compactor;
  /** The transport's native fan-out, if it has one. */
  channels?: ChannelFactory;
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

interface Incoming {
  frame: Uint8Array;
  update: Uint8Array;
  conn: Connection;
  isStep2: boolean;
}

/** No awareness client ids yet: most connections never need their own Set. */
const NO_CLIENTS: ReadonlySet<number> = new Set();

/**
 * One board in memory: its Y.Doc, the editors' awareness, the connected editors and
 * the spectator hub. Frames are validated and applied once on arrival; what goes out
 * is collected in the outbox and flushed by the scheduler (see outbox.ts).
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  readonly hub: SpectatorHub;
  /** Each editor's connection and the awareness client ids it speaks for. */
  private readonly conns = new Map<Connection, ReadonlySet<number>>();
  private readonly outbox: Outbox;
  private readonly channel: RoomChannel | null;
  /** Updates with structs received since the last flush, not yet applied (see settle). */
  private incoming: Incoming[] = [];
  private lastSeq = 0;
  private sinceSnapshot = { count: 0, bytes: 0 };
  /** Size of the stored snapshot: compaction waits until the log is worth re-encoding it (persist1). */
  private snapshotBytes = 0;
  private compacting: Promise<void> | null = null;
  /**
   * The document as an encoding (v2) and the updates logged since (v1), exactly what the
   * store holds in memory: GET /doc serves it and compaction folds it, so neither encodes
   * nor reads the store on the event loop. Null only after a refused update or past the
   * MAX_TAIL limits, until the next GET /doc encodes the document again.
   */
  private stateCache: { base: Uint8Array; tail: Uint8Array[]; tailBytes: number } | null = null;
  /** Called when the room has neither editors nor spectators. */
  onEmpty: () => void = () => {};

  constructor(
    readonly id: string,
    stored: StoredDoc,
    private readonly persister: Persister,
    private readonly opts: RoomOptions,
  ) {
    if (stored.snapshot) Y.applyUpdateV2(this.doc, stored.snapshot);
    this.stateCache = { base: stored.snapshot ?? EMPTY_DOC, tail: [], tailBytes: 0 };
    this.lastSeq = stored.snapshotSeq;
    this.snapshotBytes = stored.snapshot?.length ?? 0;
    for (const u of stored.updates) {
      Y.applyUpdate(this.doc, u.data);
      this.extendState(u.data);
      this.lastSeq = u.seq;
      this.sinceSnapshot.count++;
      this.sinceSnapshot.bytes += u.data.length;
    }
    this.hub = new SpectatorHub(
      {
        snapshot: () => {
          this.settle();
          return Y.encodeStateAsUpdate(this.doc);
        },
        awareness: (clients) => this.encodeAwareness(clients),
        onSpectatorsChanged: () => {
          if (this.isEmpty) this.onEmpty();
        },
        spectatorCount: (count) => this.publishSpectators(count),
      },
      opts.sseMaxBufferedBytes,
    );
    this.channel = opts.channels?.(id) ?? null;
    const room = this;
    this.outbox = new Outbox({
      broadcast: (frame, except) => this.broadcast(frame, except),
      encodeAwareness: (clients) => this.encodeAwareness(clients),
      sent: (update) => this.persist1(update),
      get receivers() {
        return room.editorCount;
      },
    });
    this.awareness.setLocalState({ relay: { spectators: 0 } } satisfies RelayPresenceState);
    this.awareness.on('update', this.onAwarenessUpdate);
  }

  get editorCount(): number {
    return this.conns.size;
  }

  get isEmpty(): boolean {
    return this.conns.size === 0 && this.hub.size === 0;
  }

  /**
   * The whole document (shared/docBody.ts): one encoding (v2) and the updates logged
   * since, so editors opening a board share the encoding even while people draw in it.
   * Updates not flushed yet (at most one coalescing interval) are not in it: the
   * socket's sync exchange brings them.
   */
  encodedState(): DocState {
    this.settle();
    if (!this.stateCache) {
      metrics.docEncodes++;
      this.stateCache = { base: Y.encodeStateAsUpdateV2(this.doc), tail: [], tailBytes: 0 };
    }
    const s = this.stateCache;
    return { base: s.base, tail: s.tail.slice() };
  }

  /**
   * Adds a logged update to the cached state. A view into a larger buffer (an update
   * forwarded as received is a view of the socket's read buffer, up to 64 KB) is copied,
   * so the tail does not keep whole read buffers alive; merged updates and the store's
   * rows are kept as they are.
   */
  private extendState(update: Uint8Array): void {
    const s = this.stateCache;
    if (!s) return;
    if (s.tail.length >= MAX_TAIL_UPDATES || s.tailBytes + update.length > MAX_TAIL_BYTES) this.stateCache = null;
    else {
      s.tail.push(update.byteLength === update.buffer.byteLength ? update : update.slice());
      s.tailBytes += update.length;
    }
  }

  addConnection(conn: Connection): void {
    this.conns.set(conn, NO_CLIENTS);
    this.channel?.add(conn);
    this.settle();
    conn.send(syncStep1Frame(Y.encodeStateVector(this.doc)));
    const aw = this.encodeAwareness();
    if (aw) conn.send(awarenessFrame(aw));
  }

  removeConnection(conn: Connection): void {
    const clients = this.conns.get(conn);
    if (!clients) return;
    this.conns.delete(conn);
    this.channel?.remove(conn);
    if (clients.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...clients], 'disconnect');
    if (this.isEmpty) this.onEmpty();
  }

  /** Handles one binary frame from an editor. Invalid frames close that connection only. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (!this.conns.has(conn)) return;
    metrics.framesIn++;
    metrics.bytesIn += frame.length;
    let msg;
    try {
      msg = parseMessage(frame);
    } catch (err) {
      const code = err instanceof ProtocolError ? err.code : CloseCode.MalformedMessage;
      log.warn('rejected frame', { room: this.id, code, reason: (err as Error).message, bytes: frame.length });
      this.reject(conn, code);
      return;
    }
    switch (msg.kind) {
      case 'syncStep1':
        this.settle();
        conn.send(syncStep2Frame(Y.encodeStateAsUpdate(this.doc, msg.stateVector)));
        break;
      case 'update': {
        if (isEmptyUpdate(msg.update)) break;
        // v1 starts with the number of clients that have structs: 0 = deletions only
        if (msg.update[0] !== 0) this.incoming.push({ frame, update: msg.update, conn, isStep2: msg.isStep2 });
        else {
          this.settle();
          this.applyDeletions(frame, msg.update, conn, msg.isStep2);
        }
        this.opts.scheduler.request(this);
        break;
      }
      case 'awareness': {
        try {
          // The update handler below queues the change with this frame.
          this.incomingAwareness = frame;
          awarenessProtocol.applyAwarenessUpdate(this.awareness, msg.update, conn);
        } catch {
          log.warn('rejected awareness update', { room: this.id });
          this.reject(conn, CloseCode.MalformedMessage);
          return;
        } finally {
          this.incomingAwareness = null;
        }
        metrics.awarenessIn++;
        break;
      }
      case 'queryAwareness': {
        const aw = this.encodeAwareness();
        if (aw) conn.send(awarenessFrame(aw));
        break;
      }
    }
  }

  /**
   * Applies the updates received since the last settle in one transaction and hands
   * them to the outbox. Each Yjs transaction computes the doc's state vector twice, at
   * its start and end, at a cost that grows with the number of clients that ever wrote
   * to the board; under load that fixed cost was most of the relay's apply time. The
   * updates wait at most until the next flush, which forwards them anyway, and
   * everything that reads the doc settles first.
   */
  private settle(): void {
    const batch = this.incoming;
    if (batch.length === 0 || this.doc.isDestroyed) return;
    this.incoming = [];
    metrics.applyBatches++;
    const rejected: Connection[] = [];
    this.doc.transact(() => {
      for (const m of batch) {
        if (rejected.length > 0 && rejected.includes(m.conn)) continue;
        let span: StructSpan | null;
        try {
          span = applyUpdateSpan(this.doc, m.update, m.conn);
        } catch (err) {
          this.logRejected(err);
          rejected.push(m.conn);
          // Yjs may have integrated part of it: the cached state's tail would miss that
          this.stateCache = null;
          continue;
        }
        this.accept(m.frame, m.update, m.conn, m.isStep2, span);
      }
    }, this);
    for (const conn of rejected) this.reject(conn, CloseCode.InvalidUpdate);
  }

  /**
   * Applies an update that only deletes. It goes no further (not forwarded, stored or
   * published) when it deleted nothing: a peer's sync step 2 always carries its whole
   * delete set, so every editor that connects with nothing new (each page load, each
   * reconnect) sends one; forwarding it would send the board's tombstones to everyone,
   * store them again and drop the encoded state that GET /doc serves.
   */
  private applyDeletions(frame: Uint8Array, update: Uint8Array, conn: Connection, isStep2: boolean): void {
    let deleted = false;
    try {
      this.doc.transact((tr) => {
        Y.applyUpdate(this.doc, update, conn);
        deleted = tr.deleteSet.clients.size > 0;
      }, conn);
    } catch (err) {
      this.logRejected(err);
      this.stateCache = null;
      this.reject(conn, CloseCode.InvalidUpdate);
      return;
    }
    // deletions of items not here yet wait in pendingDs: peers may need them, forward
    if (deleted || this.doc.store.pendingDs !== null) this.accept(frame, update, conn, isStep2, null);
  }

  /** Validation decoded the update, yet Yjs cannot apply it: its sender only is closed (InvalidUpdate). */
  private logRejected(err: unknown): void {
    log.warn('rejected update', { room: this.id, reason: err instanceof Error ? err.message : String(err) });
  }

  /** An applied update goes out: to the outbox (with its span, for concatUpdates.ts) and to spectators. */
  private accept(frame: Uint8Array, update: Uint8Array, conn: Connection, isStep2: boolean, span: StructSpan | null): void {
    // A step 2 travels on as an update: same layout, only the sub-type byte differs.
    let out = frame;
    if (isStep2) {
      out = frame.slice();
      out[1] = SyncType.Update;
    }
    metrics.updatesAccepted++;
    this.outbox.addUpdate(out, update, conn, span);
    this.hub.publishUpdate(update);
  }

  /** Sends what the outbox collected (called by the scheduler). */
  flush(): void {
    if (this.doc.isDestroyed) return;
    this.settle();
    this.outbox.flush();
    this.hub.flush();
  }

  /** Makes everything accepted so far durable and folds the log into a snapshot. */
  async persist(): Promise<void> {
    this.flush();
    await this.persister.flush();
    await this.compacting;
    if (this.sinceSnapshot.count > 0) await this.startCompaction();
  }

  /** Disconnects everyone; the document stays readable for a final persist(). */
  close(code: number, reason: string): void {
    for (const conn of [...this.conns.keys()]) conn.close(code, reason);
    this.conns.clear();
    this.hub.close();
  }

  destroy(): void {
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /** Queues an update that went out (one, or several merged) for the store. */
  private persist1(update: Uint8Array): void {
    const seq = ++this.lastSeq;
    this.persister.enqueue(this.id, seq, update);
    this.extendState(update);
    this.sinceSnapshot.count++;
    this.sinceSnapshot.bytes += update.length;
    const since = this.sinceSnapshot;
    // Compaction encodes the whole document on the event loop (tens of ms for a board of
    // megabytes). Waiting until the log holds half the snapshot's bytes keeps that cost
    // proportional to what was written: a large board under a stream of edits no longer
    // stalls every room's fan-out each few hundred updates.
    if (
      !this.compacting &&
      (since.count >= this.opts.compactUpdates || since.bytes >= this.opts.compactBytes) &&
      since.bytes * 2 >= this.snapshotBytes
    ) {
      void this.startCompaction();
    }
  }

  /** One compaction at a time: two folding different log prefixes could store the older last. */
  private startCompaction(): Promise<void> {
    return (this.compacting ??= this.compact().finally(() => (this.compacting = null)));
  }

  private async compact(): Promise<void> {
    await this.persister.flush();
    if (this.doc.isDestroyed) return;
    const started = performance.now();
    let where = 'cache';
    let from = 'memory';
    try {
      let snapshot: Uint8Array;
      let upToSeq: number;
      const folded = { count: 0, bytes: 0 };
      const cache = this.stateCache;
      const tailAt = cache?.tail.length ?? 0;
      if (cache) {
        // The cached state is the log since the snapshot or more (it may start from a
        // later encoding): fold it rather than what the store holds, which would be read
        // back on the event loop. Copies: the compactor takes over the buffers it gets.
        upToSeq = this.lastSeq;
        Object.assign(folded, this.sinceSnapshot);
        if (tailAt === 0) snapshot = cache.base;
        else {
          where = this.opts.compactor.where;
          snapshot = await this.opts.compactor.fold(cache.base.slice(), cache.tail.map((u) => u.slice()));
        }
      } else {
        // Fold what the store holds, off the event loop where the compactor can (compactor.ts).
        from = 'store';
        const stored = await this.persister.load(this.id);
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
      await this.persister.compact(this.id, snapshot, upToSeq);
      this.snapshotBytes = snapshot.length;
      if (cache && this.stateCache === cache) {
        // the fold replaces what it folded; updates logged meanwhile follow it
        const tail = cache.tail.slice(tailAt);
        this.stateCache = { base: snapshot, tail, tailBytes: tail.reduce((n, u) => n + u.length, 0) };
      } else if (!this.stateCache && this.lastSeq === upToSeq) {
        // Nothing logged since what the store held: the fold is what the store holds now,
        // and updates logged from here on extend it. (Not "nothing accepted": an update
        // accepted before the fold but logged during it would be in neither.)
        this.stateCache = { base: snapshot, tail: [], tailBytes: 0 };
      }
      this.sinceSnapshot.count = Math.max(0, this.sinceSnapshot.count - folded.count);
      this.sinceSnapshot.bytes = Math.max(0, this.sinceSnapshot.bytes - folded.bytes);
      log.debug('compacted', { room: this.id, seq: upToSeq, bytes: snapshot.length, on: where, from, ms: Math.round(performance.now() - started) });
    } catch (err) {
      log.error('compaction failed', { room: this.id, error: String(err) });
    }
  }

  private broadcast(frame: Uint8Array, except: Connection | null): void {
    const channel = this.channel;
    for (const conn of this.conns.keys()) {
      if (conn === except) continue;
      if (conn.bufferedAmount > this.opts.maxBufferedBytes) {
        log.warn('disconnecting slow receiver', { room: this.id, buffered: conn.bufferedAmount });
        this.reject(conn, CloseCode.SlowConsumer);
        continue;
      }
      if (!channel) conn.send(frame);
      metrics.framesOut++;
    }
    channel?.publish(frame, except);
  }

  private reject(conn: Connection, code: CloseCode): void {
    countRejected(code);
    conn.close(code, closeReason[code]);
    this.removeConnection(conn);
  }

  /** The frame being applied by receive(), so the change goes out as those very bytes. */
  private incomingAwareness: Uint8Array | null = null;

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    const owned = this.conns.get(origin as Connection);
    if (owned) {
      let clients = owned === NO_CLIENTS ? new Set<number>() : (owned as Set<number>);
      for (const c of change.added) clients.add(c);
      for (const c of change.updated) clients.add(c);
      for (const c of change.removed) clients.delete(c);
      if (clients.size === 0) clients = NO_CLIENTS as Set<number>;
      this.conns.set(origin as Connection, clients);
      this.outbox.addAwareness(this.incomingAwareness, changed, origin as Connection);
    } else {
      // Our own state, a disconnect or a timeout: nobody sent these bytes; encoded at flush.
      this.outbox.addAwareness(null, changed, null);
    }
    this.hub.awarenessChanged(changed);
    this.opts.scheduler.request(this);
  };

  private encodeAwareness(clients?: number[]): Uint8Array | null {
    const ids = clients ?? [...this.awareness.getStates().keys()];
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** Editors learn the spectator count from the relay's own awareness state (the hub throttles it). */
  private publishSpectators(count: number): void {
    if (this.doc.isDestroyed) return;
    this.awareness.setLocalState({ relay: { spectators: count } } satisfies RelayPresenceState);
  }
}
