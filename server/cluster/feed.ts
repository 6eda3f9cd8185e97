import type { Redis } from 'ioredis';
import { log } from '../log.ts';
import { readAfter, type LogEntry } from './entries.ts';

/** Entries read from the stream per request when filling a gap. */
const FILL_PAGE = 1000;
/** A fill that fails (not because Redis is gone: the link reports that) is tried again this often, then the room is handed back. */
const FILL_ATTEMPTS = 20;
const FILL_RETRY_MS = 100;

/**
 * One room's log as this relay follows it: every entry after `after`, in seq order,
 * exactly once. Entries arrive pushed on the room's channel (roomBus.ts, published by
 * the append script), so following a room costs no request per entry. Pub/sub has no
 * memory, so what it cannot have delivered is read from the stream (a fill): what was
 * appended before the subscription took effect, updates published as a notice only (too
 * large), and whatever a periodic check of the room's counter finds missing (relays of
 * an older version that append without publishing). Seqs are gapless: an entry later
 * than the next one expected is held until the fill has what comes before it; a stream
 * that no longer has what is missing (trimmed) fails the room, which reloads.
 *
 * Entries that arrive in one burst (one read of the subscriber's socket) reach the room
 * as one batch, at the end of the burst.
 */
export class RoomFeed {
  private after: number;
  /** Entries that came ahead of their turn (null: a notice, the update is in the stream). */
  private readonly held = new Map<number, LogEntry | null>();
  private out: LogEntry[] = [];
  private scheduled = false;
  private filling = false;
  private fillAgain = false;
  private closed = false;

  constructor(
    private readonly commands: Redis,
    private readonly stream: string,
    after: number,
    private readonly deliver: (entries: LogEntry[]) => void,
    private readonly fail: (reason: string) => void,
  ) {
    this.after = after;
  }

  get lastSeq(): number {
    return this.after;
  }

  /** An entry as published on the room's channel; `update` null: read it from the stream. */
  receive(seq: number, relay: string, update: Uint8Array | null): void {
    if (this.closed || !(seq > this.after) || this.held.has(seq)) return;
    if (seq === this.after + 1 && update && !this.filling) {
      this.push({ seq, relay, update });
      this.drainHeld();
      return;
    }
    this.held.set(seq, update ? { seq, relay, update } : null);
    void this.fill();
  }

  close(): void {
    this.closed = true;
    this.held.clear();
    this.out = [];
  }

  /** Reads what the stream holds after the last entry delivered, and goes on with what was held. */
  async fill(): Promise<void> {
    if (this.closed) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    this.filling = true;
    let attempts = 0;
    try {
      do {
        this.fillAgain = false;
        const from = this.after;
        // Redis appended everything held now before it runs the read: the stream has it all (unless trimmed)
        let heldBefore = 0;
        for (const seq of this.held.keys()) if (seq > heldBefore) heldBefore = seq;
        let entries: LogEntry[];
        try {
          entries = await readAfter(this.commands, this.stream, from, FILL_PAGE);
        } catch (err) {
          if (this.closed || this.commands.status !== 'ready') return; // the link hands the room back
          if (++attempts >= FILL_ATTEMPTS) return this.fail(`stream read failed: ${String(err)}`);
          log.warn('stream read failed', { stream: this.stream, error: String(err) });
          await new Promise((r) => setTimeout(r, FILL_RETRY_MS));
          this.fillAgain = true;
          continue;
        }
        if (this.closed) return;
        // nothing but this fill delivers meanwhile (receive holds), so `after` is still `from`
        if (entries.length > 0 && entries[0].seq > from + 1) return this.fail(`stream gap: expected ${from + 1}, read ${entries[0].seq}`);
        for (const e of entries) if (e.seq === this.after + 1) this.push(e);
        for (const seq of this.held.keys()) if (seq <= this.after) this.held.delete(seq);
        this.drainHeld();
        if (entries.length === FILL_PAGE) this.fillAgain = true;
        else if (this.after < heldBefore) return this.fail(`stream gap: expected ${this.after + 1}, the stream has it no more`);
        // what arrived during the read: next in turn was delivered above; anything else is read again
        else if (this.held.size > 0) this.fillAgain = true;
      } while (this.fillAgain && !this.closed);
    } finally {
      this.filling = false;
    }
  }

  /** Delivers the held entries that are next in turn. */
  private drainHeld(): void {
    for (;;) {
      const e = this.held.get(this.after + 1);
      if (!e) return; // missing, or a notice (the fill reads it)
      this.held.delete(e.seq);
      this.push(e);
    }
  }

  private push(e: LogEntry): void {
    this.after = e.seq;
    this.out.push(e);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.emit);
  }

  private readonly emit = (): void => {
    this.scheduled = false;
    const out = this.out;
    this.out = [];
    if (this.closed || out.length === 0) return;
    try {
      this.deliver(out);
    } catch (err) {
      log.error('delivering log entries failed', { stream: this.stream, error: String(err) });
    }
  };
}
