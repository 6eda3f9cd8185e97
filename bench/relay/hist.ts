// A small log-bucket latency histogram (0.01 ms resolution below 1 ms, 1 % above),
// mergeable across processes by adding counts.
const SUB_MS = 100; // buckets 0..99: 0.00-0.99 ms in 0.01 ms steps
const GROWTH = Math.log(1.01);
const BUCKETS = SUB_MS + Math.ceil(Math.log(600_000) / GROWTH) + 1; // up to 10 minutes

export interface HistData {
  counts: Record<number, number>;
  n: number;
  max: number;
  sum: number;
}

export class Hist {
  counts = new Float64Array(BUCKETS);
  n = 0;
  max = 0;
  sum = 0;

  add(ms: number): void {
    if (!(ms >= 0)) ms = 0;
    const i = ms < 1 ? Math.floor(ms * SUB_MS) : Math.min(BUCKETS - 1, SUB_MS + Math.floor(Math.log(ms) / GROWTH));
    this.counts[i]++;
    this.n++;
    this.sum += ms;
    if (ms > this.max) this.max = ms;
  }

  toJSON(): HistData {
    const counts: Record<number, number> = {};
    this.counts.forEach((c, i) => {
      if (c) counts[i] = c;
    });
    return { counts, n: this.n, max: this.max, sum: this.sum };
  }

  merge(d: HistData): void {
    for (const [i, c] of Object.entries(d.counts)) this.counts[Number(i)] += c;
    this.n += d.n;
    this.sum += d.sum;
    if (d.max > this.max) this.max = d.max;
  }

  /** Upper edge of the bucket holding quantile q (0..1). */
  quantile(q: number): number {
    if (this.n === 0) return NaN;
    const target = Math.ceil(q * this.n);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i];
      if (seen >= target) return Math.min(this.max, i < SUB_MS ? (i + 1) / SUB_MS : Math.exp((i - SUB_MS + 1) * GROWTH));
    }
    return this.max;
  }
}
