/**
 * A token bucket: `rate` tokens a second, at most `burst` saved up. A take is allowed
 * while the bucket is not in debt and may overdraw it, so one large message (up to the
 * frame limit) passes and is then paid back at `rate`.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now = performance.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(n: number, now = performance.now()): boolean {
    this.refill(now);
    if (this.tokens < 0) return false;
    this.tokens -= n;
    return true;
  }

  /** A take that never overdraws: for things counted whole (rooms created). */
  takeWhole(n: number, now = performance.now()): boolean {
    this.refill(now);
    if (this.tokens < n) return false;
    this.tokens -= n;
    return true;
  }

  private refill(now: number): void {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}

/** Per-connection budgets (README "Close codes and limits"). */
export interface BudgetLimits {
  /** Messages a second an editor may send, sustained (MSG_RATE) ... */
  msgRate: number;
  /** ... and in a burst. */
  msgBurst: number;
  /** Bytes a second, sustained (BYTE_RATE); a burst is two frame limits or this rate's 8 s worth, whichever is larger. */
  byteRate: number;
  /** Requests whose reply can be large (sync step 1, query awareness): in a burst ... */
  replyBurst: number;
  /** ... and then one every this many ms. */
  replyEveryMs: number;
}

export const DEFAULT_BUDGETS: BudgetLimits = {
  msgRate: 1000,
  msgBurst: 2000,
  byteRate: 8 * 1024 * 1024,
  replyBurst: 8,
  replyEveryMs: 5000,
};

/** What one editor's socket may still send. */
export class ConnectionBudget {
  private readonly messages: TokenBucket;
  private readonly bytes: TokenBucket;
  private readonly replies: TokenBucket;

  constructor(limits: BudgetLimits, maxFrameBytes: number) {
    this.messages = new TokenBucket(limits.msgRate, limits.msgBurst);
    this.bytes = new TokenBucket(limits.byteRate, Math.max(2 * maxFrameBytes, limits.byteRate * 8));
    this.replies = new TokenBucket(1000 / limits.replyEveryMs, limits.replyBurst);
  }

  /** Whether the frame is within budget; a frame asking for a large reply also spends a reply token. */
  admit(frame: Uint8Array): boolean {
    const now = performance.now();
    if (!this.messages.take(1, now) || !this.bytes.take(frame.length, now)) return false;
    return !asksLargeReply(frame) || this.replies.take(1, now);
  }
}

/** Sync step 1 ([0, 0, …]) and query awareness ([3]): a few bytes that ask for the whole board or every presence. */
function asksLargeReply(frame: Uint8Array): boolean {
  return (frame[0] === 0 && frame[1] === 0) || frame[0] === 3;
}
