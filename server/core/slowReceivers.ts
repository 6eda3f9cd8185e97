/** How long a receiver may stay over its buffer limit before it counts as too slow. */
export const SLOW_GRACE_MS = 5000;

/**
 * Which receivers (editor sockets, spectator streams) are too slow to keep. One large
 * message (a pasted board, a snapshot) may put any receiver over the limit for a moment,
 * so going over is tolerated for SLOW_GRACE_MS; staying over, or passing the hard cap
 * (the limit plus one largest message), is not. Memory per receiver is thereby bounded
 * by the hard cap.
 */
export class SlowReceivers<K> {
  private readonly overSince = new Map<K, number>();

  constructor(
    private readonly limit: number,
    private readonly hardCap: number,
  ) {}

  /**
   * Whether `key`, with `buffered` bytes unsent, must be dropped now. Called for every
   * receiver of every message: under the limit (nearly always) it reads no clock and
   * touches no map unless some receiver is over.
   */
  tooSlow(key: K, buffered: number, now?: number): boolean {
    if (buffered <= this.limit) {
      if (this.overSince.size !== 0) this.overSince.delete(key);
      return false;
    }
    if (buffered > this.hardCap) return true;
    const at = now ?? performance.now();
    const since = this.overSince.get(key);
    if (since === undefined) {
      this.overSince.set(key, at);
      return false;
    }
    return at - since > SLOW_GRACE_MS;
  }

  forget(key: K): void {
    this.overSince.delete(key);
  }
}
