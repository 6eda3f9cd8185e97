import * as Y from 'yjs';
import * as awarenessProtocol from 'y-protocols/awareness';
import { CloseCode, closeReason } from '../../shared/closeCodes.ts';
import type { RelayPresenceState } from '../../shared/schema.ts';
import type { DocState } from '../../shared/docBody.ts';
import type { StoredDoc } from '../storage/storage.ts';
import type { DocLog, LoggedEntry } from '../log/docLog.ts';
import { log } from '../log.ts';
import { AwarenessOwners, applyAwarenessEntries, decodeAwareness } from './awareness.ts';
import type { ChannelFactory, Connection, RoomChannel } from './connection.ts';
import { applyUpdateSpan, type StructSpan } from './concatUpdates.ts';
import { awarenessFrame, syncStep1Frame, syncStep2Frame, updateFrame } from './frames.ts';
import type { Limits } from './limits.ts';
import type { RoomListener } from './listener.ts';
import { countRejected, metrics } from './metrics.ts';
import { Outbox } from './outbox.ts';
import { ProtocolError, SyncType, isEmptyUpdate, parseMessage } from './protocol.ts';
import type { FlushScheduler } from './scheduler.ts';
import { checkUpdate, waitingOutOfStep, type UpdateContext } from './validate.ts';
import { SlowReceivers } from './slowReceivers.ts';
import { encodeRefused } from '../../shared/refused.ts';

export interface RoomOptions {
  maxBufferedBytes: number;
  scheduler: FlushScheduler;
  limits: Limits;
  /**
   * Frames that carry updates leave only once the log has them durably (PERSIST_BATCH_MS
   * 0, the default): what anyone was sent survives a crash of the relay.
   */
  durable: boolean;
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

/** The sender of the relay's own changes: no socket, so every editor receives them. */
const RELAY_SELF: Connection = { send() {}, close() {}, bufferedAmount: 0 };

/** Origin of changes that arrived from other relays (cluster mode). */
const FROM_PEERS = Symbol('from other relays');

/** Long enough for the removal of an awareness state to have reached editors and spectators (throttled at 100 ms). */
const FORGET_AFTER_MS = 2000;

type Send = [frame: Uint8Array, except: Connection | null];

/**
 * One board in memory: the sync and fan-out of its editors. Frames are validated
 * completely on arrival (validate.ts, awareness.ts), applied in batches (settle), and
 * what goes out is collected in the outbox and flushed by the scheduler; the document
 * log (log/) keeps and persists every update that goes out, listeners (spectators)
 * hear it, and the room knows neither storage nor SSE.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  private readonly owners: AwarenessOwners;
  private readonly listeners: RoomListener[] = [];
  private readonly outbox: Outbox;
  private readonly channel: RoomChannel | null;
  /** Updates with structs received since the last flush, not yet applied (see settle). */
  private incoming: Incoming[] = [];
  private readonly check: UpdateContext;
  /** Frames collected by a flush (null: send at once), sent once the log is durable. */
  private collecting: Send[] | null = null;
  private collectedUpdates: Array<[Uint8Array, number]> = [];
  private sending: Promise<void> = Promise.resolve();
  private waiting = 0;
  /** Updates the log sequenced as they were appended: a flush that added any waits until they are durable. */
  private appended = 0;
  /**
   * Own updates a shared log sequences later, in the order appended: their frames go to
   * the editors here once the log hands them back (fromLog), that is once Redis has them.
   */
  private awaitingLog: Array<{ bytes: number; frame: Uint8Array; except: Connection | null }> = [];
  private broken = false;
  private readonly slow: SlowReceivers<Connection>;
  /** Called when the room has neither editors nor listeners holding someone. */
  onEmpty: () => void = () => {};
  /** Called when the room's document can no longer be trusted: it must be unloaded and loaded afresh. */
  onBroken: () => void = () => {};

  constructor(
    readonly id: string,
    stored: StoredDoc,
    readonly log: DocLog,
    private readonly opts: RoomOptions,
  ) {
    this.slow = new SlowReceivers(opts.maxBufferedBytes, opts.maxBufferedBytes + opts.limits.maxFrameBytes);
    this.owners = new AwarenessOwners(this.doc.clientID, opts.limits.maxAwarenessIdsPerConnection);
    // Stored data is trusted no more than a socket: one unreadable update must not keep the room from loading.
    if (stored.snapshot) guardedApply(id, () => Y.applyUpdateV2(this.doc, stored.snapshot!));
    for (const u of stored.updates) guardedApply(id, () => Y.applyUpdate(this.doc, u.data));
    this.check = { doc: this.doc, ahead: new Map(), touched: new Map(), waiting: null, pendingBytes: 0, pendingDeletes: 0, docBytes: 0 };
    this.channel = opts.channels?.(id) ?? null;
    const room = this;
    this.outbox = new Outbox({
      broadcast: (frame, except, update) => this.broadcast(frame, except, update),
      encodeAwareness: (clients) => this.encodeAwareness(clients),
      sent: (update, frame, except) => this.logged(update, frame, except),
      get receivers() {
        return room.editorCount;
      },

    });
    const { maxDocBytes, maxFrameBytes, maxFileBytes } = opts.limits;
    this.setRelayState({ relay: { spectators: 0, saving: log.saving, maxDocBytes, maxFrameBytes, ...(maxFileBytes ? { maxFileBytes } : {}) } });
    this.awareness.on('update', this.onAwarenessUpdate);
    log.onSavingChanged = (saving) => this.savingChanged(saving);
    log.onEntries = (entries) => this.fromLog(entries);
    log.onLost = () => this.lost();
    if (log.presence) {
      log.presence.onRemote = (update) => this.peerAwareness(update);
      log.presence.onQuery = () => {
        const ids = this.owners.localIds().filter((id) => this.awareness.states.has(id));
        if (ids.length > 0) log.presence!.publish(awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids));
      };
    }
  }

  get editorCount(): number {
    return this.owners.size;
  }

  get isEmpty(): boolean {
    return this.owners.size === 0 && this.listeners.every((l) => l.size === 0);
  }

  attach(listener: RoomListener): void {
    this.listeners.push(listener);
  }

  /** A listener gained or lost people. */
  listenersChanged(): void {
    if (this.isEmpty) this.onEmpty();
  }

  /** The document as the log has it (shared/docBody.ts), for GET /doc. */
  encodedState(): DocState {
    this.settle();
    return this.log.state(() => Y.encodeStateAsUpdateV2(this.doc));
  }

  /** The document with everything validated so far applied (version history reads it). */
  settledDoc(): Y.Doc {
    this.settle();
    return this.doc;
  }

  /** The whole document now (v1), for spectators' snapshots. */
  snapshot(): Uint8Array {
    this.settle();
    return Y.encodeStateAsUpdate(this.doc);
  }

  addConnection(conn: Connection): void {
    this.owners.add(conn);
    this.channel?.add(conn);
    this.settle();
    this.reply(conn, syncStep1Frame(Y.encodeStateVector(this.doc)));
    const aw = this.encodeAwareness();
    if (aw) this.reply(conn, awarenessFrame(aw));
  }

  removeConnection(conn: Connection): void {
    if (!this.owners.has(conn)) return;
    const ids = this.owners.remove(conn);
    this.slow.forget(conn);
    this.channel?.remove(conn);
    if (ids.length > 0 && !this.doc.isDestroyed) awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'disconnect');
    if (this.isEmpty) this.onEmpty();
  }

  /** Handles one binary frame from an editor. Invalid frames close that connection only. */
  receive(conn: Connection, frame: Uint8Array): void {
    if (!this.owners.has(conn) || this.broken) return;
    metrics.framesIn++;
    metrics.bytesIn += frame.length;
    try {
      this.handle(conn, frame);
    } catch (err) {
      const code = err instanceof ProtocolError ? err.code : CloseCode.MalformedMessage;
      if (!(err instanceof ProtocolError)) log.error('frame handling failed', { room: this.id, error: String(err) });
      log.warn('rejected frame', { room: this.id, code, reason: (err as Error).message, bytes: frame.length });
      this.reject(conn, code);
    }
  }

  private handle(conn: Connection, frame: Uint8Array): void {
    const msg = parseMessage(frame);
    switch (msg.kind) {
      case 'syncStep1':
        this.settle();
        this.reply(conn, syncStep2Frame(Y.encodeStateAsUpdate(this.doc, msg.stateVector)));
        break;
      case 'update': {
        if (isEmptyUpdate(msg.update)) break;
        if (!this.log.saving) throw new ProtocolError(CloseCode.NotSaving, 'board not saving');
        this.check.docBytes = this.log.bytes;
        let verdict;
        try {
          verdict = checkUpdate(msg.update, this.check, this.opts.limits);
          if (verdict.settleFirst) {
            this.settle();
            if (this.broken) return;
            verdict = checkUpdate(msg.update, this.check, this.opts.limits);
          }
        } catch (err) {
          if (err instanceof ProtocolError) this.tellRefused(conn, msg.update, err);
          throw err;
        }
        if (verdict.pending) this.check.pendingBytes += msg.update.length;
        this.check.pendingDeletes += verdict.pendingDeletes;
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
        const entries = decodeAwareness(msg.update, this.opts.limits);
        const claimed: number[] = [];
        const permitted = this.owners.permitted(conn, entries, claimed);
        if (permitted.length === 0) break;
        // an id introduced (again) starts afresh: y-protocols would hold its old clock against it
        for (const id of claimed) if (!this.awareness.states.has(id)) this.awareness.meta.delete(id);
        // Forwarded as it came when nothing was dropped; else re-encoded at flush.
        this.incomingAwareness = permitted.length === entries.length ? frame : null;
        try {
          applyAwarenessEntries(this.awareness, permitted, conn);
        } finally {
          this.incomingAwareness = null;
        }
        metrics.awarenessIn++;
        break;
      }
      case 'queryAwareness': {
        const aw = this.encodeAwareness();
        if (aw) this.reply(conn, awarenessFrame(aw));
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
    this.check.ahead.clear();
    this.check.touched.clear();
    if (batch.length === 0 || this.doc.isDestroyed || this.broken) return;
    this.incoming = [];
    metrics.applyBatches++;
    let failed: Connection | null = null;
    this.doc.transact(() => {
      for (const m of batch) {
        let span: StructSpan | null;
        try {
          span = applyUpdateSpan(this.doc, m.update, m.conn);
          // validate.ts keeps honest and known hostile updates from it; if one still gets there, the room reloads without it
          if (waitingOutOfStep(this.check)) throw new Error('items waiting for missing updates repeat clocks the board has, or have all they wait for');
        } catch (err) {
          this.logRejected(err);
          failed = m.conn;
          return;
        }
        this.accept(m.frame, m.update, m.conn, m.isStep2, span);
      }
    }, this);
    if (failed) this.fail(failed);
    else this.updatePending();
  }

  /**
   * Applies an update that only deletes. It goes no further (not forwarded, stored or
   * published) when it deleted nothing: a peer's sync step 2 always carries its whole
   * delete set, so every editor that connects with nothing new (each page load, each
   * reconnect) sends one; forwarding it would send the board's tombstones to everyone,
   * store them again and drop the encoded state that GET /doc serves.
   */
  private applyDeletions(frame: Uint8Array, update: Uint8Array, conn: Connection, isStep2: boolean): void {
    if (this.broken) return;
    let deleted = false;
    try {
      this.doc.transact((tr) => {
        Y.applyUpdate(this.doc, update, conn);
        deleted = tr.deleteSet.clients.size > 0;
      }, conn);
    } catch (err) {
      this.logRejected(err);
      this.fail(conn);
      return;
    }
    // deletions of items not here yet wait in pendingDs: peers may need them, forward
    if (deleted || this.doc.store.pendingDs !== null) this.accept(frame, update, conn, isStep2, null);
    this.updatePending();
  }

  /** Nothing waits for missing clocks any more: the budget for it is whole again. */
  private updatePending(): void {
    if (this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null) this.check.pendingBytes = this.check.pendingDeletes = 0;
  }

  /**
   * Says which change was refused before the close (shared/refused.ts), so the editor
   * can keep it apart instead of sending it again with every reconnect.
   */
  private tellRefused(conn: Connection, update: Uint8Array, err: ProtocolError): void {
    let meta;
    try {
      meta = Y.parseUpdateMeta(update);
    } catch {
      return; // undecodable: nothing the editor could take out
    }
    const ranges = [...meta.to].map(([client, to]) => ({ client, from: meta.from.get(client) ?? 0, to }));
    this.reply(conn, encodeRefused({ code: err.code, reason: err.message, ranges }));
  }

  private logRejected(err: unknown): void {
    log.warn('rejected update', { room: this.id, reason: err instanceof Error ? err.message : String(err) });
  }

  /**
   * Yjs threw half-way through an update that passed validation: part of it may be in
   * the document now. The log holds only what was accepted, so the room goes out of
   * memory (after logging what it accepted before) and loads afresh from the log.
   */
  private fail(sender: Connection): void {
    this.broken = true;
    this.incoming = [];
    this.log.invalidate();
    log.error('room reloading after a failed update', { room: this.id });
    this.reject(sender, CloseCode.InvalidUpdate);
    this.flush();
    this.close(CloseCode.RoomReloading, closeReason[CloseCode.RoomReloading]);
    this.onBroken();
  }

  /** An applied update goes out: to the outbox (with its span, for concatUpdates.ts). */
  private accept(frame: Uint8Array, update: Uint8Array, conn: Connection, isStep2: boolean, span: StructSpan | null): void {
    // A step 2 travels on as an update: same layout, only the sub-type byte differs.
    let out = frame;
    if (isStep2) {
      out = frame.slice();
      out[1] = SyncType.Update;
    }
    metrics.updatesAccepted++;
    this.outbox.addUpdate(out, update, conn, span);
  }

  /** Sends what the outbox collected (called by the scheduler). */
  flush(): void {
    if (this.doc.isDestroyed) return;
    this.settle();
    const appendedBefore = this.appended;
    const sends: Send[] = [];
    this.collecting = sends;
    try {
      this.outbox.flush();
    } finally {
      this.collecting = null;
    }
    const updates = this.collectedUpdates;
    this.collectedUpdates = [];
    if (this.presenceOut.size > 0) this.publishPresence();
    if (!this.opts.durable || (this.appended === appendedBefore && this.waiting === 0)) {
      this.release(sends, updates);
      return;
    }
    // Nothing leaves before the log has it; later flushes queue behind this one, in order.
    this.waiting++;
    this.sending = this.sending
      .then(() => this.log.flush())
      .then(() => {
        this.waiting--;
        this.release(sends, updates);
      });
  }

  private release(sends: Send[], updates: Array<[Uint8Array, number]>): void {
    if (this.doc.isDestroyed && this.owners.size === 0 && this.listeners.length === 0) return;
    for (const [frame, except] of sends) this.send(frame, except);
    for (const [update, seq] of updates) for (const l of this.listeners) l.update(update, seq);
    for (const l of this.listeners) l.flush();
  }

  /** Makes everything accepted so far durable and folds the log into a snapshot. */
  async persist(): Promise<void> {
    this.flush();
    await this.sending;
    await this.log.persist();
  }

  /** Disconnects everyone; the document stays readable for a final persist(). */
  close(code: number, reason: string): void {
    for (const conn of [...this.owners.connections()]) {
      conn.close(code, reason);
      this.owners.remove(conn);
    }
    for (const l of this.listeners) l.close();
  }

  destroy(): void {
    this.check.waiting = null;
    this.log.close();
    this.awareness.off('update', this.onAwarenessUpdate);
    this.awareness.destroy();
    this.doc.destroy();
  }

  /**
   * An update that goes out (one, or several merged): into the log, then to the editors
   * here and to listeners with its seq. A shared log hands it back with its seq (fromLog),
   * and its frame waits until then.
   */
  private logged(update: Uint8Array, frame: Uint8Array, except: Connection | null): void {
    const seq = this.log.append(update);
    if (seq === null) {
      this.awaitingLog.push({ bytes: update.length, frame, except });
      return;
    }
    this.appended++;
    this.collectedUpdates.push([update, seq]);
    this.broadcast(frame, except, true);
  }

  /**
   * Entries of a shared log, in log order, as they arrived together. This room's own are
   * durable now: their frames go to the editors here with the next flush. Other relays'
   * are applied in one transaction and go to every editor here with the next flush too,
   * merged (so what one burst of appends across the relays brings leaves in one write per
   * socket). All of them go to listeners, with their seqs.
   */
  private fromLog(entries: readonly LoggedEntry[]): void {
    if (this.doc.isDestroyed || this.broken) return;
    let peers: LoggedEntry[] | null = null;
    for (const e of entries) {
      if (e.fromHere) {
        const held = this.awaitingLog[0];
        if (held && held.bytes === e.update.length) {
          this.awaitingLog.shift();
          this.outbox.addLogged(held.frame, held.except);
          continue;
        }
        // Not one this room appended (a load raced its predecessor's last appends), or out of
        // step: applied and sent like another relay's (applying again is a no-op); so are the
        // rest of the held ones when they come back. Nothing is lost, nothing leaves early.
        if (held) {
          log.error('own log entry out of step; sent to everyone', { room: this.id, seq: e.seq });
          this.awaitingLog = [];
        }
      }
      (peers ??= []).push(e);
    }
    if (peers) {
      this.settle();
      if (this.broken) return;
      let failed: unknown = null;
      this.doc.transact(() => {
        for (const e of peers) {
          try {
            this.outbox.addPeerUpdate(e.update, applyUpdateSpan(this.doc, e.update, FROM_PEERS));
          } catch (err) {
            failed = err;
            return;
          }
        }
      }, FROM_PEERS);
      if (failed) {
        // validated by the relay that accepted it; if Yjs still throws, this copy is not to be trusted
        this.logRejected(failed);
        this.broken = true;
        this.log.invalidate();
        this.close(CloseCode.RoomReloading, closeReason[CloseCode.RoomReloading]);
        this.onBroken();
        return;
      }
      this.updatePending();
      metrics.updatesAccepted += peers.length;
    }
    this.opts.scheduler.request(this);
    for (const e of entries) for (const l of this.listeners) l.update(e.update, e.seq);
    for (const l of this.listeners) l.flush();
  }

  /**
   * A change the relay itself makes (restoring a version through the API): applied,
   * logged and sent to every editor and spectator like an editor's, from nobody's socket.
   */
  applyOwnChange(update: Uint8Array): void {
    if (this.doc.isDestroyed || this.broken || !this.log.saving) throw new ProtocolError(CloseCode.NotSaving, 'board not saving');
    this.settle();
    Y.applyUpdate(this.doc, update, RELAY_SELF);
    this.accept(updateFrame(update), update, RELAY_SELF, false, null);
    this.opts.scheduler.request(this);
  }

  /** The shared log is gone (Redis lost): editors reconnect, through the balancer, to a relay that has it. */
  private lost(): void {
    if (this.broken) return;
    this.broken = true;
    this.incoming = [];
    this.close(CloseCode.ClusterUnavailable, closeReason[CloseCode.ClusterUnavailable]);
    this.onBroken();
  }

  /** Awareness from another relay: applied here (and so sent to editors and spectators), except for ids an editor here owns. */
  private peerAwareness(update: Uint8Array): void {
    if (this.doc.isDestroyed) return;
    const entries = decodeAwareness(update, this.opts.limits);
    const foreign = this.owners.fromPeers(entries);
    if (foreign.length === 0) return;
    applyAwarenessEntries(this.awareness, foreign, FROM_PEERS);
  }

  /**
   * Presence waits with the flush's updates while the store keeps up (so each socket still
   * gets one write per flush), never while it fails (a room that cannot save must say so).
   */
  private broadcast(frame: Uint8Array, except: Connection | null, update: boolean): void {
    if (this.collecting && (update || this.log.saving)) this.collecting.push([frame, except]);
    else this.send(frame, except);
  }

  private send(frame: Uint8Array, except: Connection | null): void {
    const channel = this.channel;
    for (const conn of this.owners.connections()) {
      if (conn === except) continue;
      if (this.slow.tooSlow(conn, conn.bufferedAmount)) {
        log.warn('disconnecting slow receiver', { room: this.id, buffered: conn.bufferedAmount });
        this.reject(conn, CloseCode.SlowConsumer);
        continue;
      }
      if (!channel) conn.send(frame);
      metrics.framesOut++;
    }
    channel?.publish(frame, except);
  }

  /** A reply to one editor (sync, awareness) counts against its buffer like a broadcast. */
  private reply(conn: Connection, frame: Uint8Array): void {
    if (this.slow.tooSlow(conn, conn.bufferedAmount)) {
      log.warn('disconnecting slow receiver', { room: this.id, buffered: conn.bufferedAmount });
      this.reject(conn, CloseCode.SlowConsumer);
      return;
    }
    conn.send(frame);
  }

  private reject(conn: Connection, code: CloseCode): void {
    countRejected(code);
    conn.close(code, closeReason[code]);
    this.removeConnection(conn);
  }

  /** Awareness ids of editors here (or removed) whose states go to the other relays with the next flush. */
  private readonly presenceOut = new Set<number>();

  private publishPresence(): void {
    const ids = [...this.presenceOut];
    this.presenceOut.clear();
    const update = this.encodeAwareness(ids);
    if (update) this.log.presence?.publish(update);
  }

  /** The frame being applied by receive(), so the change goes out as those very bytes. */
  private incomingAwareness: Uint8Array | null = null;

  private readonly onAwarenessUpdate = (change: AwarenessChange, origin: unknown): void => {
    const changed = [...change.added, ...change.updated, ...change.removed];
    // Removed ids leave nothing behind: no owner now, and y-protocols' clock entry once
    // everyone was told (the removal is encoded from it, for editors and spectators).
    const now = performance.now();
    for (const id of change.removed) {
      // the clock of its last state (or of its own removal): an echo carries no newer one
      this.owners.released(id, this.awareness.meta.get(id)?.clock ?? 0);
      this.removedAt.delete(id);
      this.removedAt.set(id, now);
    }
    this.forgetRemoved(now);
    // Other relays hear what editors here changed (their removals included), never an echo of what came from them.
    if (origin === FROM_PEERS) this.owners.peersOwn(change.added, change.updated);
    else if (this.log.presence && (origin === 'disconnect' || this.owners.has(origin as Connection))) {
      // published with the flush: in the same write to Redis as its updates, one message for what changed meanwhile
      for (const id of changed) this.presenceOut.add(id);
    }
    if (this.owners.has(origin as Connection)) this.outbox.addAwareness(this.incomingAwareness, changed, origin as Connection);
    // Our own state, a disconnect or a timeout: nobody sent these bytes; encoded at flush.
    else this.outbox.addAwareness(null, changed, null);
    for (const l of this.listeners) l.awareness(changed);
    this.opts.scheduler.request(this);
  };

  encodeAwareness(clients?: number[]): Uint8Array | null {
    const meta = this.awareness.meta;
    const ids = clients ? clients.filter((id) => meta.has(id)) : [...this.awareness.getStates().keys()];
    return ids.length ? awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids) : null;
  }

  /** Awareness ids removed and when: their clock entries go once FORGET_AFTER_MS has passed. */
  private readonly removedAt = new Map<number, number>();

  private forgetRemoved(now: number): void {
    for (const [id, at] of this.removedAt) {
      if (now - at < FORGET_AFTER_MS) break;
      this.removedAt.delete(id);
      if (!this.awareness.states.has(id)) this.awareness.meta.delete(id);
    }
  }

  private relayState: RelayPresenceState = { relay: { spectators: 0, saving: true } };

  /** Editors learn the spectator count from the relay's own awareness state (the hub throttles it). */
  setSpectatorCount(count: number): void {
    this.setRelayState({ relay: { ...this.relayState.relay, spectators: count } });
  }

  /** Editors see "not saving" through the relay's own awareness state (documented in docs/protocol.md). */
  private savingChanged(saving: boolean): void {
    this.setRelayState({ relay: { ...this.relayState.relay, saving } });
  }

  private setRelayState(state: RelayPresenceState): void {
    if (this.doc.isDestroyed) return;
    this.relayState = state;
    this.awareness.setLocalState(state);
  }
}

function guardedApply(roomId: string, apply: () => void): void {
  try {
    apply();
  } catch (err) {
    log.error('stored update could not be applied; skipped', { room: roomId, error: String(err) });
  }
}
