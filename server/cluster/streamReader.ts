import type { Redis } from 'ioredis';
import { log } from '../log.ts';
import { parseEntry, type LogEntry } from './entries.ts';

type Deliver = (entries: LogEntry[]) => void;

const BLOCK_MS = 5000;
const COUNT = 1000;

/**
 * Follows the streams of every room this relay has loaded with one blocking XREAD on
 * its own connection. When the set of rooms changes, the read in progress is ended
 * with CLIENT UNBLOCK (from the command connection) and started again with the new set.
 */
export class StreamReader {
  private readonly watched = new Map<string, { after: number; deliver: Deliver }>();
  private running = false;
  private readerId: number | null = null;
  private wake: (() => void) | null = null;
  private stopped = false;
  /** Bumped by every change of the set; the read in progress was built from `readGen`. */
  private changeGen = 0;
  private readGen = 0;
  private retry: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly reader: Redis,
    private readonly commands: Redis,
  ) {
    reader.on('ready', () => {
      this.readerId = null;
      this.start();
    });
  }

  /** Delivers, in order, every entry of `stream` after `afterSeq`. */
  watch(stream: string, afterSeq: number, deliver: Deliver): void {
    this.watched.set(stream, { after: afterSeq, deliver });
    this.interrupt();
    this.start();
  }

  unwatch(stream: string): void {
    if (this.watched.delete(stream)) this.interrupt();
  }

  stop(): void {
    this.stopped = true;
    this.watched.clear();
    this.interrupt();
  }

  private start(): void {
    if (this.running || this.stopped) return;
    this.running = true;
    void this.loop().finally(() => (this.running = false));
  }

  /**
   * Ends the read in progress. The UNBLOCK travels on another connection and may reach
   * Redis before the XREAD it is meant for: it is sent again until the loop has started
   * a read that includes the change.
   */
  private interrupt(): void {
    this.changeGen++;
    if (this.wake) {
      this.wake();
      this.wake = null;
      return;
    }
    this.unblock(50);
  }

  private unblock(triesLeft: number): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    if (this.readGen >= this.changeGen || this.stopped || triesLeft === 0) return;
    if (this.readerId !== null) this.commands.client('UNBLOCK', this.readerId).catch(() => {});
    this.retry = setTimeout(() => this.unblock(triesLeft - 1), 10);
  }

  private async loop(): Promise<void> {
    while (!this.stopped && this.reader.status === 'ready') {
      if (this.watched.size === 0) {
        await new Promise<void>((r) => (this.wake = r));
        continue;
      }
      try {
        this.readerId ??= Number(await this.reader.client('ID'));
        this.readGen = this.changeGen;
        const keys = [...this.watched.keys()];
        const ids = keys.map((k) => `${this.watched.get(k)!.after}-0`);
        const res = (await this.reader.xreadBuffer('COUNT', COUNT, 'BLOCK', BLOCK_MS, 'STREAMS', ...keys, ...ids)) as Array<[Buffer, Array<[Buffer, Buffer[]]>]> | null;
        if (!res) continue;
        for (const [key, raw] of res) {
          const w = this.watched.get(key.toString());
          if (!w || raw.length === 0) continue;
          const entries = raw.map(parseEntry);
          w.after = entries[entries.length - 1].seq;
          try {
            w.deliver(entries);
          } catch (err) {
            log.error('delivering log entries failed', { stream: key.toString(), error: String(err) });
          }
        }
      } catch (err) {
        if (this.reader.status !== 'ready') return; // the link reports it; 'ready' restarts the loop
        log.warn('stream read failed', { error: String(err) });
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
