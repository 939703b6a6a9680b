// Latencies of millions of lines (500 viewers × thousands of lines) are summarised in fixed
// 0.1 ms buckets instead of kept: percentiles to 0.1 ms need no sort and little memory.

const BUCKET_MS = 0.1;
const BUCKETS = 600_000; // 60 s; later samples land in the last bucket, `max` keeps the truth.

export type LatencySummary = { count: number; p50: number; p99: number; max: number };

export class LatencyHistogram {
  readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  max = Number.NEGATIVE_INFINITY;

  add(ms: number): void {
    // Clock granularity can make a line look received a hair before it was stamped.
    const bucket = Math.min(BUCKETS - 1, Math.max(0, Math.floor(ms / BUCKET_MS)));
    this.counts[bucket]! += 1;
    this.count += 1;
    if (ms > this.max) this.max = ms;
  }

  merge(other: { counts: ArrayLike<number>; count: number; max: number }): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i] ?? 0;
    this.count += other.count;
    this.max = Math.max(this.max, other.max);
  }

  /** The upper edge of the bucket holding the q-quantile. */
  quantile(q: number): number {
    if (this.count === 0) return Number.NaN;
    const rank = Math.ceil(q * this.count);
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min((i + 1) * BUCKET_MS, this.max);
    }
    return this.max;
  }

  summary(): LatencySummary {
    const round = (v: number) => Math.round(v * 100) / 100;
    return {
      count: this.count,
      p50: round(this.quantile(0.5)),
      p99: round(this.quantile(0.99)),
      max: round(this.count ? this.max : Number.NaN),
    };
  }

  /** Sparse form for IPC: [bucket, count] pairs. */
  toSparse(): { pairs: number[]; count: number; max: number } {
    const pairs: number[] = [];
    for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) pairs.push(i, this.counts[i]!);
    return { pairs, count: this.count, max: this.max };
  }

  static fromSparse(sparse: { pairs: number[]; count: number; max: number }): LatencyHistogram {
    const h = new LatencyHistogram();
    for (let i = 0; i < sparse.pairs.length; i += 2) h.counts[sparse.pairs[i]!] = sparse.pairs[i + 1]!;
    h.count = sparse.count;
    h.max = sparse.max;
    return h;
  }
}
