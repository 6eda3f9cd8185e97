/**
 * Paces fan-out. Rooms ask for a flush when they have something to send; flushes run
 * at the end of the event-loop turn, or — if the previous flush was less than
 * `coalesceMs` ago — at previous flush + coalesceMs. A lone message leaves at once;
 * under a stream of messages each room flushes at most once per interval, so every
 * receiver gets one merged message per interval instead of one per update.
 */
export interface Flushable {
  flush(): void;
}

export class FlushScheduler {
  private readonly pending = new Set<Flushable>();
  private scheduled = false;
  private last = 0;

  constructor(private readonly coalesceMs: number) {}

  request(target: Flushable): void {
    this.pending.add(target);
    if (this.scheduled) return;
    this.scheduled = true;
    const wait = this.last + this.coalesceMs - performance.now();
    if (wait <= 0) setImmediate(this.run);
    else setTimeout(this.run, wait);
  }

  private readonly run = (): void => {
    this.scheduled = false;
    this.last = performance.now();
    const targets = [...this.pending];
    this.pending.clear();
    for (const t of targets) t.flush();
  };
}
