import * as Y from 'yjs';
import type { Connection } from './connection.ts';
import { awarenessFrame, updateFrame } from './frames.ts';

/** What a room's outbox needs from its room. */
export interface OutboxTarget {
  broadcast(frame: Uint8Array, except: Connection | null): void;
  /** Current awareness of the given clients, encoded once. */
  encodeAwareness(clients: number[]): Uint8Array | null;
  /** The update that went out (merged or not), for the store. */
  sent(update: Uint8Array): void;
}

/** Several senders contributed: nobody is excluded (applying one's own update again is a no-op). */
const SEVERAL = null;

/**
 * The messages a room collected since its last flush. One update goes out as the very
 * frame that arrived; several are merged into one update (Y.mergeUpdates), framed once
 * and written to every receiver, so a receiver gets one message per flush. Awareness is
 * coalesced the same way: the newest state of every client that changed.
 */
export class Outbox {
  private updates: Uint8Array[] = [];
  private updateFrame: Uint8Array | null = null;
  private updateSender: Connection | null = SEVERAL;
  private awarenessFrame: Uint8Array | null = null;
  private awarenessSender: Connection | null = SEVERAL;
  private awarenessClients = new Set<number>();

  constructor(private readonly room: OutboxTarget) {}

  get isEmpty(): boolean {
    return this.updates.length === 0 && this.awarenessClients.size === 0;
  }

  addUpdate(frame: Uint8Array, update: Uint8Array, sender: Connection): void {
    if (this.updates.length === 0) {
      this.updateFrame = frame;
      this.updateSender = sender;
    } else if (this.updateSender !== sender) {
      this.updateSender = SEVERAL;
    }
    this.updates.push(update);
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
    const updates = this.updates;
    if (updates.length > 0) {
      const single = updates.length === 1;
      const update = single ? updates[0] : Y.mergeUpdates(updates);
      this.room.broadcast(single ? this.updateFrame! : updateFrame(update), this.updateSender);
      this.updates = [];
      this.updateFrame = null;
      this.room.sent(update);
    }
    if (this.awarenessClients.size > 0) {
      const frame = this.awarenessFrame ?? this.encodeAwarenessFrame();
      if (frame) this.room.broadcast(frame, this.awarenessSender);
      this.awarenessClients.clear();
      this.awarenessFrame = null;
    }
  }

  private encodeAwarenessFrame(): Uint8Array | null {
    const aw = this.room.encodeAwareness([...this.awarenessClients]);
    return aw && awarenessFrame(aw);
  }
}
