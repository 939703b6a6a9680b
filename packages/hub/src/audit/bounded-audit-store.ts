import type { HubLogger } from '../logger.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import type { AuditListQuery, AuditPruneBounds, AuditRecord, AuditStore, Store } from '../ports/store.ts';
import {
  type AuditRow,
  DEFAULT_REFUSAL_LIMITS,
  RefusalLimiter,
  type RefusalLimits,
} from './refusal-limiter.ts';

/** How long audit rows are kept and how many at most. */
export type AuditBounds = { maxAgeMs: number; maxRows: number };

/** 90 days and 100,000 rows. */
export const DEFAULT_AUDIT_BOUNDS: AuditBounds = { maxAgeMs: 90 * 24 * 3_600_000, maxRows: 100_000 };

/** What bounds an audit log: its limits, refusal limits, and the clock and logger it runs on. */
export type BoundedAuditOptions = {
  clock: Clock;
  logger: HubLogger;
  bounds?: AuditBounds;
  refusals?: RefusalLimits;
  /** How long after an append the log is pruned, unless a batch of appends pruned it first. */
  pruneDelayMs?: number;
};

const PRUNE_DELAY_MS = 60_000;

/**
 * The audit log with bounds, in front of a store's: refusals are rate-limited (`RefusalLimiter`),
 * and rows past the age or count are deleted in batches rather than one DELETE per append: at
 * once after every `maxRows / 100` appends (at least 100), and otherwise a minute after the
 * first append since the last prune. No timer is armed while nothing is appended, so a manager
 * at rest keeps none; rows that age past the bound meanwhile go at the next prune (the manager
 * also prunes once at start). So the log holds at most `maxRows` plus one batch.
 */
export class BoundedAuditStore implements AuditStore {
  readonly #inner: AuditStore;
  readonly #clock: Clock;
  readonly #logger: HubLogger;
  readonly #bounds: AuditBounds;
  readonly #limiter: RefusalLimiter;
  readonly #pruneDelayMs: number;
  readonly #batch: number;
  #sincePrune = 0;
  #pruneTimer: TimerHandle | undefined;
  #summaryTimer: { at: number; handle: TimerHandle } | undefined;
  #pruning: Promise<number> | undefined;

  constructor(inner: AuditStore, options: BoundedAuditOptions) {
    this.#inner = inner;
    this.#clock = options.clock;
    this.#logger = options.logger;
    this.#bounds = options.bounds ?? DEFAULT_AUDIT_BOUNDS;
    this.#limiter = new RefusalLimiter(options.refusals ?? DEFAULT_REFUSAL_LIMITS);
    this.#pruneDelayMs = options.pruneDelayMs ?? PRUNE_DELAY_MS;
    this.#batch = Math.max(100, Math.ceil(this.#bounds.maxRows / 100));
  }

  async append(record: AuditRow): Promise<void> {
    let rows: AuditRow[] = [record];
    if (record.outcome === 'denied') {
      const { write, summaries } = this.#limiter.admit(record, this.#clock.now());
      rows = write ? [...summaries, record] : summaries;
      if (!write) this.#armSummaries();
    }
    for (const row of rows) await this.#inner.append(row);
    if (rows.length === 0) return;
    this.#sincePrune += rows.length;
    if (this.#sincePrune >= this.#batch) await this.pruneNow();
    else this.#armPrune();
  }

  list(query: AuditListQuery): Promise<AuditRecord[]> {
    return this.#inner.list(query);
  }

  prune(bounds: AuditPruneBounds): Promise<number> {
    return this.#inner.prune(bounds);
  }

  /** Deletes what is past this log's bounds now; one prune at a time, a second caller shares it. */
  pruneNow(): Promise<number> {
    this.#pruning ??= this.#prune().finally(() => {
      this.#pruning = undefined;
    });
    return this.#pruning;
  }

  /** Stops the timers and writes the summaries still owed, so no count of refusals is lost. */
  async close(): Promise<void> {
    if (this.#pruneTimer) this.#clock.clearTimeout(this.#pruneTimer);
    if (this.#summaryTimer) this.#clock.clearTimeout(this.#summaryTimer.handle);
    this.#pruneTimer = undefined;
    this.#summaryTimer = undefined;
    await this.#write(this.#limiter.takeAll(this.#clock.now()));
  }

  async #prune(): Promise<number> {
    if (this.#pruneTimer) this.#clock.clearTimeout(this.#pruneTimer);
    this.#pruneTimer = undefined;
    this.#sincePrune = 0;
    const now = this.#clock.now();
    return this.#inner.prune({ before: now - this.#bounds.maxAgeMs, keepRows: this.#bounds.maxRows });
  }

  #armPrune(): void {
    if (this.#pruneTimer) return;
    this.#pruneTimer = this.#clock.setTimeout(() => {
      this.#pruneTimer = undefined;
      this.pruneNow().catch((error: unknown) => {
        this.#logger('error', 'could not prune the audit log', { error: String(error) });
      });
    }, this.#pruneDelayMs);
  }

  // One timer, for the earliest window that counted refusals; it re-arms for the next.
  #armSummaries(): void {
    const at = this.#limiter.nextSummaryAt();
    if (at === undefined || (this.#summaryTimer && this.#summaryTimer.at <= at)) return;
    if (this.#summaryTimer) this.#clock.clearTimeout(this.#summaryTimer.handle);
    const handle = this.#clock.setTimeout(
      () => {
        this.#summaryTimer = undefined;
        void this.#write(this.#limiter.takeEnded(this.#clock.now())).then(() => this.#armSummaries());
      },
      Math.max(0, at - this.#clock.now()),
    );
    this.#summaryTimer = { at, handle };
  }

  async #write(rows: readonly AuditRow[]): Promise<void> {
    try {
      for (const row of rows) await this.#inner.append(row);
    } catch (error) {
      this.#logger('error', 'could not write the audit log', { error: String(error) });
    }
  }
}

/** `store` whose audit log is bounded (`BoundedAuditStore`); closing it closes the audit log first. */
export function withAuditBounds(
  store: Store,
  options: BoundedAuditOptions,
): Store & { audit: BoundedAuditStore } {
  const audit = new BoundedAuditStore(store.audit, options);
  return {
    ...store,
    audit,
    close: async () => {
      await audit.close();
      await store.close();
    },
  };
}
