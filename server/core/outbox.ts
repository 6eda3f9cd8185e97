import * as Y from 'yjs';
import { concatUpdates, type StructSpan } from './concatUpdates.ts';
import type { Connection } from './connection.ts';
import { awarenessFrame, updateFrame } from './frames.ts';
import { metrics } from './metrics.ts';

/** What a room's outbox needs from its room. */
export interface OutboxTarget {
  /** `update`: the frame carries document updates (it may have to wait until they are stored). */
  broadcast(frame: Uint8Array, except: Connection | null, update: boolean): void;
  /** Current awareness of the given clients, encoded once. */
  encodeAwareness(clients: number[]): Uint8Array | null;
  /**
   * An update that goes out (merged or not) and its frame: the room logs the update and
   * broadcasts the frame (now, or once a shared log hands the update back: addLogged).
   */
  sent(update: Uint8Array, frame: Uint8Array, except: Connection | null): void;
  /** How many editors a broadcast reaches. */
  readonly receivers: number;
}

/**
 * Merging with Y.mergeUpdates costs ~3-6 µs per update on Node, ~2-3 on Bun (it decodes
 * and re-encodes every struct); the common flush, single-client runs such as stroke
 * appends, is instead concatenated byte-wise (concatUpdates.ts) for ~0.25-0.8 µs per
 * update. Sending an extra frame into an already corked socket costs ~1 µs per receiver.
 * So a flush merges when it reaches many receivers, or when it holds many updates (then
 * receivers also apply one update instead of many); otherwise it forwards each frame as
 * it came. The thresholds were set against Y.mergeUpdates.
 */
const MERGE_MIN_RECEIVERS = 16;
const MERGE_MIN_UPDATES = 8;

/** Several senders contributed: nobody is excluded (applying one's own update again is a no-op). */
const SEVERAL = null;

/**
 * The messages a room collected since its last flush. Updates go out as the very frames
 * that arrived, or, when that pays (see MERGE_MIN_*), merged into one update
 * (concatUpdates, else Y.mergeUpdates), framed once and written to every receiver as one
 * message. Awareness is coalesced the same way: the newest state of every client that changed.
 */
export class Outbox {
  private updates: Uint8Array[] = [];
  private updateSpans: (StructSpan | null)[] = [];
  private updateFrames: Uint8Array[] = [];
  private updateSenders: Connection[] = [];
  private logged: Array<[Uint8Array, Connection | null]> = [];
  private peerUpdates: Uint8Array[] = [];
  private peerSpans: (StructSpan | null)[] = [];
  private awarenessFrame: Uint8Array | null = null;
  private awarenessSender: Connection | null = SEVERAL;
  private awarenessClients = new Set<number>();

  constructor(private readonly room: OutboxTarget) {}

  /** `span`: what the room learnt applying the update, for concatenating it (see concatUpdates.ts). */
  addUpdate(frame: Uint8Array, update: Uint8Array, sender: Connection, span: StructSpan | null = null): void {
    this.updates.push(update);
    this.updateSpans.push(span);
    this.updateFrames.push(frame);
    this.updateSenders.push(sender);
  }

  /** The frame of this room's own update, held until a shared log handed the update back (durable): it goes out with the next flush. */
  addLogged(frame: Uint8Array, except: Connection | null): void {
    this.logged.push([frame, except]);
  }

  /** An update another relay accepted (cluster mode): it goes to every editor here, and not to the log again. */
  addPeerUpdate(update: Uint8Array, span: StructSpan | null): void {
    this.peerUpdates.push(update);
    this.peerSpans.push(span);
  }

  /** `frame` is what arrived, or null for changes nobody sent (disconnects, timeouts, the relay's own state). */
  addAwareness(frame: Uint8Array | null, clients: Iterable<number>, sender: Connection | null): void {
    if (this.awarenessClients.size === 0) {
      this.awarenessFrame = frame;
      this.awarenessSender = sender;
    } else {
      this.awarenessFrame = null;
      if (this.awarenessSender !== sender) this.awarenessSender = SEVERAL;
    }
    for (const c of clients) this.awarenessClients.add(c);
  }

  flush(): void {
    if (this.logged.length > 0) {
      const logged = this.logged;
      this.logged = [];
      for (const [frame, except] of logged) this.room.broadcast(frame, except, true);
    }
    const updates = this.updates;
    if (updates.length > 0) {
      const frames = this.updateFrames;
      const senders = this.updateSenders;
      const spans = this.updateSpans;
      this.updates = [];
      this.updateSpans = [];
      this.updateFrames = [];
      this.updateSenders = [];
      if (this.shouldMerge(updates.length)) {
        // one sender's own updates are not echoed back to it
        const sender = senders.every((s) => s === senders[0]) ? senders[0] : SEVERAL;
        const merged = this.merge(updates, spans);
        this.room.sent(merged, updateFrame(merged), sender);
      } else {
        for (let i = 0; i < updates.length; i++) this.room.sent(updates[i], frames[i], senders[i]);
      }
    }
    const peers = this.peerUpdates;
    if (peers.length > 0) {
      const spans = this.peerSpans;
      this.peerUpdates = [];
      this.peerSpans = [];
      if (this.shouldMerge(peers.length)) this.room.broadcast(updateFrame(this.merge(peers, spans)), SEVERAL, true);
      else for (const u of peers) this.room.broadcast(updateFrame(u), SEVERAL, true);
    }
    if (this.awarenessClients.size > 0) {
      const frame = this.awarenessFrame ?? this.encodeAwarenessFrame();
      if (frame) this.room.broadcast(frame, this.awarenessSender, false);
      this.awarenessClients.clear();
      this.awarenessFrame = null;
    }
  }

  private shouldMerge(updates: number): boolean {
    return updates > 1 && (this.room.receivers >= MERGE_MIN_RECEIVERS || updates >= MERGE_MIN_UPDATES);
  }

  private merge(updates: Uint8Array[], spans: (StructSpan | null)[]): Uint8Array {
    let merged = concatUpdates(updates, spans);
    if (merged) metrics.updatesConcatenated += updates.length;
    else merged = Y.mergeUpdates(updates);
    metrics.updatesMerged += updates.length;
    return merged;
  }

  private encodeAwarenessFrame(): Uint8Array | null {
    const aw = this.room.encodeAwareness([...this.awarenessClients]);
    return aw && awarenessFrame(aw);
  }
}
