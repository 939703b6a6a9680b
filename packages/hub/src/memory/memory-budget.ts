import type { Clock } from '../ports/clock.ts';

/**
 * What a log entry costs in the manager beyond its text (`entryTextBytes`), for the budget.
 * Measured on Node 24 (64-bit V8): 200,000 parsed line entries of about 103 text bytes, held in
 * an array with a parallel array of sizes as a ring holds them, retain about 261 bytes each. The
 * rest of the cost is the entry object with its hidden-class slots, the Docker timestamp string,
 * the text string's header and the two array slots. Text counted in UTF-8 bytes is at least
 * what V8 stores for it (one byte per Latin-1 character, two per UTF-16 unit for the rest,
 * against two or three UTF-8 bytes for those), so the sum errs on the high side.
 */
export const ENTRY_OVERHEAD_BYTES = 160;

/** Where the budgeted bytes are. */
export type MemoryKind = 'rings' | 'queues' | 'reads' | 'pending' | 'sockets';

/** What was shed past the budget, by step, since the hub started. */
export type ShedCounts = {
  /** Subscriptions whose queue was dropped (each told with a `subscriber_behind` gap). */
  queues: number;
  /** Viewer sockets closed because they held the most unsent bytes. */
  sockets: number;
  /** Rings of lingering topics (no subscriber) emptied. */
  lingeringRings: number;
  /** Rings of watched topics trimmed from their oldest entry. */
  rings: number;
  /** Subscriptions and reads refused (`rate_limited`) while over the budget. */
  refused: number;
};

/** The budget as a metrics endpoint reports it (`Hub.memory()`). */
export type MemoryReport = {
  limitBytes: number;
  usedBytes: number;
  byKind: Record<MemoryKind, number>;
  shed: ShedCounts;
};

/** The bytes that are not counted as they move but read when the budget samples. */
export type SampledMemory = Record<'reads' | 'pending' | 'sockets', () => number>;

/** A counter one buffer reports its changes to: bytes of text and entries, added or (negative) removed. */
export interface MemoryMeter {
  change(textBytes: number, entries: number): void;
}

/** Runs the shedding order; returns the bytes it expects to have freed. */
export type Shed = (excessBytes: number) => number;

/**
 * One bound over what the manager holds for log traffic: ring buffers, viewer queues, read
 * windows, pending agent requests and viewer sockets' unsent bytes.
 *
 * Accounting is cheap on the hot path: rings and queues report every push and eviction to a
 * `MemoryMeter`, which adds to a counter. What lives elsewhere (socket buffers, reads, pending
 * requests) is sampled by walking at most once per `sampleMs`, when `check` runs after a batch.
 * Past the limit `check` runs the shedding order (at most once per `sampleMs`, since it walks
 * every topic and viewer) down to the low-water mark, nine tenths of the limit, so that
 * shedding is not redone for every batch that follows; while still over, `over` tells
 * subscriptions and reads to refuse.
 */
export class MemoryBudget {
  readonly limitBytes: number;
  readonly #lowWaterBytes: number;
  readonly #clock: Clock;
  readonly #sampled: SampledMemory;
  readonly #sampleMs: number;
  readonly #counted = { rings: 0, queues: 0 };
  #samples = { reads: 0, pending: 0, sockets: 0 };
  #sampledAt = Number.NEGATIVE_INFINITY;
  #shedAt = Number.NEGATIVE_INFINITY;
  #shed: Shed = () => 0;
  readonly #shedCounts: ShedCounts = { queues: 0, sockets: 0, lingeringRings: 0, rings: 0, refused: 0 };

  constructor(limitBytes: number, clock: Clock, sampled: SampledMemory, sampleMs: number) {
    this.limitBytes = limitBytes;
    this.#lowWaterBytes = Math.floor(limitBytes * 0.9);
    this.#clock = clock;
    this.#sampled = sampled;
    this.#sampleMs = sampleMs;
  }

  /** The counter rings (`rings`) or viewer queues (`queues`) report to. */
  meter(kind: 'rings' | 'queues'): MemoryMeter {
    const counted = this.#counted;
    return {
      change(textBytes, entries) {
        counted[kind] += textBytes + entries * ENTRY_OVERHEAD_BYTES;
      },
    };
  }

  /** Sets the shedding order `check` runs past the limit (the hub's, which sees every topic and viewer). */
  shedWith(shed: Shed): void {
    this.#shed = shed;
  }

  /** Bytes held now, with the sampled kinds as last sampled. */
  get usedBytes(): number {
    const { rings, queues } = this.#counted;
    const { reads, pending, sockets } = this.#samples;
    return rings + queues + reads + pending + sockets;
  }

  /** True while over the limit: new subscriptions and reads are refused. Samples if due. */
  over(): boolean {
    this.#sampleIfDue();
    return this.usedBytes > this.limitBytes;
  }

  /** After bytes came in: samples if due and, past the limit, sheds down to the low-water mark. */
  check(): void {
    if (!this.over()) return;
    const now = this.#clock.now();
    if (now - this.#shedAt < this.#sampleMs) return;
    this.#shedAt = now;
    this.#shed(this.usedBytes - this.#lowWaterBytes);
    // What shedding freed in sockets shows at the next sample; counters are already current.
  }

  /** Counts what a shedding step did, or one refusal. */
  noteShed(step: keyof ShedCounts, count = 1): void {
    this.#shedCounts[step] += count;
  }

  /** The budget, what holds it now (sampled afresh) and what was shed. */
  report(): MemoryReport {
    this.#sample();
    return {
      limitBytes: this.limitBytes,
      usedBytes: this.usedBytes,
      byKind: { ...this.#counted, ...this.#samples },
      shed: { ...this.#shedCounts },
    };
  }

  #sampleIfDue(): void {
    if (this.#clock.now() - this.#sampledAt >= this.#sampleMs) this.#sample();
  }

  #sample(): void {
    this.#sampledAt = this.#clock.now();
    this.#samples = {
      reads: this.#sampled.reads(),
      pending: this.#sampled.pending(),
      sockets: this.#sampled.sockets(),
    };
  }
}
