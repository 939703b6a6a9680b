/**
 * The upper bounds, in milliseconds, of the buckets every latency histogram of bosun uses:
 * fixed, so a histogram is a few numbers and its samples from any two scrapes add up.
 */
export const LATENCY_BUCKETS_MS: readonly number[] = [
  5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 30_000, 60_000,
];

/** A histogram's figures: counts per bucket (cumulative, one per `LATENCY_BUCKETS_MS`), the sum and count. */
export type HistogramSnapshot = {
  /** `cumulative[i]`: observations of at most `LATENCY_BUCKETS_MS[i]` ms. */
  cumulative: number[];
  sumMs: number;
  count: number;
};

/**
 * Durations counted into `LATENCY_BUCKETS_MS`: one array of numbers per histogram, allocated
 * once, so observing costs a short scan and two additions.
 */
export class LatencyHistogram {
  readonly #counts = new Array<number>(LATENCY_BUCKETS_MS.length).fill(0);
  #sumMs = 0;
  #count = 0;

  observe(ms: number): void {
    this.#sumMs += ms;
    this.#count += 1;
    for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) {
      if (ms <= (LATENCY_BUCKETS_MS[i] as number)) {
        this.#counts[i] = (this.#counts[i] as number) + 1;
        return;
      }
    }
    // Above the last bound: only the +Inf bucket (the count) holds it.
  }

  snapshot(): HistogramSnapshot {
    let running = 0;
    const cumulative = this.#counts.map((count) => {
      running += count;
      return running;
    });
    return { cumulative, sumMs: this.#sumMs, count: this.#count };
  }
}
