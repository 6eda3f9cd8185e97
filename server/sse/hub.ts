import { SSE_AWARENESS_THROTTLE_MS, SSE_HEARTBEAT_MS } from '../../shared/limits.ts';
import { SseEvent, formatEventId, parseEventId } from '../../shared/sse.ts';
import type { EventSink } from '../core/connection.ts';
import type { RoomListener } from '../core/listener.ts';
import { FlushScheduler, type Flushable } from '../core/scheduler.ts';
import { SlowReceivers } from '../core/slowReceivers.ts';
import { HEARTBEAT, RETRY_HINT, sseEvent, toBase64 } from './format.ts';

/** Updates kept for Last-Event-ID replay; bigger ones are not kept (a snapshot covers them). */
const REPLAY_CAPACITY = 2048;
const REPLAY_MAX_UPDATE_BYTES = 16 * 1024;
/** A reconnecting spectator is replayed at most this many bytes of events; further behind, it gets a snapshot. */
const REPLAY_MAX_BYTES = 1024 * 1024;
/** A snapshot is reused (followed by the updates since) for this many updates. */
const SNAPSHOT_REUSE_MAX = 256;
const COUNT_THROTTLE_MS = 250;
/**
 * Spectators get update events at most every this many ms: thousands of streams cost
 * one write each per flush, and a viewer does not see 25 ms.
 */
const SSE_FLUSH_MS = 25;
/** One pacing for every room's spectators, as rooms share one for editors. */
const sseScheduler = new FlushScheduler(SSE_FLUSH_MS);

export interface HubSource {
  /** Seq of the last update in the room's log when the hub attached. */
  readonly startSeq: number;
  /** Names the log's numbering; absent: a new one per hub (seqs may be reused after the room reloads). */
  readonly epoch?: string;
  /** Updates up to startSeq the log still holds, oldest first, so a spectator coming from another relay resumes. */
  recent?(): ReadonlyArray<{ seq: number; update: Uint8Array }>;
  /** Full document state, Yjs v1. */
  snapshot(): Uint8Array;
  /** Awareness of the given clients (all when omitted), or null when there is none. */
  awareness(clients?: number[]): Uint8Array | null;
  /** A spectator came or went (at once: the room unloads when nobody is left). */
  onSpectatorsChanged(): void;
  /** The spectator count, at most every COUNT_THROTTLE_MS (it is also sent to the spectators). */
  spectatorCount(count: number): void;
}

/**
 * The spectators of one room: a snapshot on connect, then every accepted update with
 * an increasing id, coalesced awareness, and heartbeats. Spectators only ever read:
 * nothing arrives from them but the HTTP request.
 */
export class SpectatorHub implements RoomListener {
  readonly epoch: string;
  private readonly sinks = new Set<EventSink>();
  /** Update events by seq (encoded once, for live spectators and replay alike), kept once the room is watched. */
  private readonly ring: Array<{ seq: number; event: Uint8Array } | undefined> = new Array(REPLAY_CAPACITY);
  private seq: number;
  private dirtyClients = new Set<number>();
  /** A spectator has joined since the room loaded: from then on updates are kept for replay. */
  private watched = false;
  /** Update events since the last flush, written to every spectator as one chunk. */
  private pending: Uint8Array[] = [];
  private awarenessTimer: ReturnType<typeof setTimeout> | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  private countTimer: ReturnType<typeof setTimeout> | null = null;
  /** The last snapshot event sent, so a crowd joining at once costs one encode. */
  private snapshot: { seq: number; event: Uint8Array } | null = null;

  private readonly slow: SlowReceivers<EventSink>;

  /** `maxMessageBytes`: the largest update a room accepts (one event may be that large, in base64). */
  constructor(
    private readonly source: HubSource,
    maxBufferedBytes: number,
    maxMessageBytes: number,
  ) {
    this.seq = source.startSeq;
    this.epoch = source.epoch ?? Math.random().toString(36).slice(2, 10);
    for (const { seq, update } of source.recent?.() ?? []) {
      if (seq > this.seq || seq <= this.seq - REPLAY_CAPACITY || update.length > REPLAY_MAX_UPDATE_BYTES) continue;
      this.ring[seq % REPLAY_CAPACITY] = { seq, event: sseEvent(SseEvent.Update, toBase64(update), formatEventId(this.epoch, seq)) };
    }
    this.slow = new SlowReceivers(maxBufferedBytes, maxBufferedBytes + Math.ceil((maxMessageBytes * 4) / 3) + 1024);
  }

  get size(): number {
    return this.sinks.size;
  }

  /** Records an update as it went out, with its seq in the room's log; spectators get it at the next flush(). */
  update(update: Uint8Array, seq: number): void {
    this.seq = seq;
    // Until someone watches, there is nobody to replay for: such rooms pay no encoding per update.
    if (!this.watched) return;
    const event = sseEvent(SseEvent.Update, toBase64(update), formatEventId(this.epoch, seq));
    this.ring[seq % REPLAY_CAPACITY] = update.length <= REPLAY_MAX_UPDATE_BYTES ? { seq, event } : undefined;
    if (this.sinks.size > 0) this.pending.push(event);
  }

  /** Asks for the pending update events to go out (paced by SSE_FLUSH_MS). */
  flush(): void {
    if (this.pending.length > 0) sseScheduler.request(this.sender);
  }

  /** Writes the update events collected so far: encoded once, one write per spectator. */
  private readonly sender: Flushable = {
    flush: () => {
      if (this.pending.length === 0) return;
      const chunk = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      this.pending = [];
      this.broadcast(chunk);
    },
  };

  awareness(clients: Iterable<number>): void {
    if (this.sinks.size === 0) return;
    for (const c of clients) this.dirtyClients.add(c);
    if (!this.awarenessTimer) this.awarenessTimer = setTimeout(() => this.flushAwareness(), SSE_AWARENESS_THROTTLE_MS);
  }

  add(sink: EventSink, lastEventId: string | null): void {
    this.watched = true;
    // Events still pending belong to seqs the snapshot or replay below already covers.
    this.sender.flush();
    sink.write(RETRY_HINT);
    const last = parseEventId(lastEventId);
    if (!last || last.epoch !== this.epoch || !this.held(last.seq)) {
      const snap = this.currentSnapshot();
      sink.write(snap.event);
      this.replay(sink, snap.seq);
    } else this.replay(sink, last.seq);
    const aw = this.source.awareness();
    if (aw) sink.write(sseEvent(SseEvent.Awareness, toBase64(aw)));
    this.sinks.add(sink);
    if (!this.heartbeat) this.heartbeat = setInterval(() => this.broadcast(HEARTBEAT), SSE_HEARTBEAT_MS);
    this.countChanged();
  }

  remove(sink: EventSink): void {
    this.slow.forget(sink);
    if (!this.sinks.delete(sink)) return;
    if (this.sinks.size === 0) this.stopTimers();
    this.countChanged();
  }

  close(): void {
    for (const s of this.sinks) s.end();
    this.sinks.clear();
    this.stopTimers();
  }

  /** A snapshot event at most SNAPSHOT_REUSE_MAX updates old whose successors the ring still holds. */
  private currentSnapshot(): { seq: number; event: Uint8Array } {
    const snap = this.snapshot;
    if (snap && this.seq - snap.seq <= SNAPSHOT_REUSE_MAX && this.held(snap.seq)) return snap;
    const seq = this.seq;
    this.snapshot = { seq, event: sseEvent(SseEvent.Snapshot, toBase64(this.source.snapshot()), formatEventId(this.epoch, seq)) };
    return this.snapshot;
  }

  /** Whether every update after `after` is still in the ring, within REPLAY_MAX_BYTES. */
  private held(after: number): boolean {
    if (after > this.seq || this.seq - after >= REPLAY_CAPACITY) return false;
    let bytes = 0;
    for (let s = after + 1; s <= this.seq; s++) {
      const entry = this.ring[s % REPLAY_CAPACITY];
      if (!entry || entry.seq !== s) return false;
      bytes += entry.event.length;
      if (bytes > REPLAY_MAX_BYTES) return false;
    }
    return true;
  }

  /** Sends every update after `after`; the caller made sure they are all held. */
  private replay(sink: EventSink, after: number): void {
    for (let s = after + 1; s <= this.seq; s++) sink.write(this.ring[s % REPLAY_CAPACITY]!.event);
  }

  /** Throttled: a crowd joining must not cost one broadcast per join. */
  private countChanged(): void {
    this.source.onSpectatorsChanged();
    if (this.countTimer) return;
    this.countTimer = setTimeout(() => {
      this.countTimer = null;
      this.broadcast(sseEvent(SseEvent.Spectators, String(this.sinks.size)));
      this.source.spectatorCount(this.sinks.size);
    }, COUNT_THROTTLE_MS);
  }

  private flushAwareness(): void {
    this.awarenessTimer = null;
    const clients = [...this.dirtyClients];
    this.dirtyClients.clear();
    const aw = this.source.awareness(clients);
    if (aw) this.broadcast(sseEvent(SseEvent.Awareness, toBase64(aw)));
  }

  private broadcast(chunk: Uint8Array): void {
    for (const sink of this.sinks) {
      if (this.slow.tooSlow(sink, sink.bufferedAmount)) {
        // Too far behind: it reconnects with Last-Event-ID and catches up from the ring or a snapshot.
        this.sinks.delete(sink);
        this.slow.forget(sink);
        sink.end();
        continue;
      }
      sink.write(chunk);
    }
  }

  private stopTimers(): void {
    this.pending = [];
    this.snapshot = null;
    if (this.countTimer) clearTimeout(this.countTimer);
    this.countTimer = null;
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.awarenessTimer) clearTimeout(this.awarenessTimer);
    this.heartbeat = this.awarenessTimer = null;
    this.dirtyClients.clear();
  }
}

