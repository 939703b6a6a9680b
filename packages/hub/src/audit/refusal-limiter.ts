import type { AuditRecord } from '../ports/store.ts';

/** An audit row before the store gives it an id. */
export type AuditRow = Omit<AuditRecord, 'id'>;

/** How many refusals of one (source, actor, action) are written per window, and how many keys are tracked. */
export type RefusalLimits = {
  /** Refusals written per key and window; later ones in the window are only counted. */
  perWindow: number;
  windowMs: number;
  /** Keys tracked at once; a refusal under a new key past this is counted in one overflow tally. */
  maxKeys: number;
};

/** Refusals written per (source, actor, action) and minute, and keys tracked at once. */
export const DEFAULT_REFUSAL_LIMITS: RefusalLimits = { perWindow: 10, windowMs: 60_000, maxKeys: 1024 };

type Window = {
  startedAt: number;
  written: number;
  suppressed: number;
  firstSuppressedAt: number;
  /** The last refusal that was counted rather than written: its summary row copies it. */
  last: AuditRow | undefined;
};

/**
 * Decides which refused attempts (`denied` rows) reach the audit log, so that a client hammering
 * a route it may not use cannot grow the log, nor drown the rows that matter. Per (source, actor,
 * action) the first `perWindow` refusals of each window are written; the rest are counted, and
 * once the window is over one summary row stands for them: the last refusal's row with
 * `detail: {suppressed, from, to}`. Memory is bounded by `maxKeys`: past it, refusals under new
 * keys are counted in one tally, summarised as `audit.suppressed` by the manager (`system`).
 */
export class RefusalLimiter {
  readonly #limits: RefusalLimits;
  readonly #windows = new Map<string, Window>();
  #overflow = { count: 0, since: 0 };

  constructor(limits: RefusalLimits = DEFAULT_REFUSAL_LIMITS) {
    this.#limits = limits;
  }

  /**
   * Whether `row` (a refusal) is to be written; either way, the summaries of windows that ended
   * are returned, to be written first.
   */
  admit(row: AuditRow, now: number): { write: boolean; summaries: AuditRow[] } {
    const key = `${row.source ?? ''}\u0000${row.actor}\u0000${row.action}`;
    const summaries: AuditRow[] = [];
    let window = this.#windows.get(key);
    if (window && now - window.startedAt >= this.#limits.windowMs) {
      this.#end(key, window, now, summaries);
      window = undefined;
    }
    if (!window) {
      if (this.#windows.size >= this.#limits.maxKeys) summaries.push(...this.takeEnded(now));
      if (this.#windows.size >= this.#limits.maxKeys) {
        if (this.#overflow.count === 0) this.#overflow.since = now;
        this.#overflow.count += 1;
        return { write: false, summaries };
      }
      window = { startedAt: now, written: 0, suppressed: 0, firstSuppressedAt: 0, last: undefined };
      this.#windows.set(key, window);
    }
    if (window.written < this.#limits.perWindow) {
      window.written += 1;
      return { write: true, summaries };
    }
    if (window.suppressed === 0) window.firstSuppressedAt = row.at;
    window.suppressed += 1;
    window.last = row;
    return { write: false, summaries };
  }

  /** When the earliest window with counted refusals ends, or undefined when none has any. */
  nextSummaryAt(): number | undefined {
    let next: number | undefined;
    for (const window of this.#windows.values()) {
      if (window.suppressed === 0) continue;
      const end = window.startedAt + this.#limits.windowMs;
      if (next === undefined || end < next) next = end;
    }
    if (this.#overflow.count > 0) {
      const end = this.#overflow.since + this.#limits.windowMs;
      if (next === undefined || end < next) next = end;
    }
    return next;
  }

  /** Forgets every window that ended by `now` and returns the summaries of those that counted refusals. */
  takeEnded(now: number): AuditRow[] {
    const summaries: AuditRow[] = [];
    for (const [key, window] of this.#windows) {
      if (now - window.startedAt >= this.#limits.windowMs) this.#end(key, window, now, summaries);
    }
    if (this.#overflow.count > 0 && now - this.#overflow.since >= this.#limits.windowMs) {
      summaries.push(this.#overflowSummary(now));
    }
    return summaries;
  }

  /** Every summary still owed, windows running or not (on shutdown). */
  takeAll(now: number): AuditRow[] {
    const summaries: AuditRow[] = [];
    for (const [key, window] of this.#windows) this.#end(key, window, now, summaries);
    if (this.#overflow.count > 0) summaries.push(this.#overflowSummary(now));
    return summaries;
  }

  #end(key: string, window: Window, now: number, into: AuditRow[]): void {
    this.#windows.delete(key);
    if (window.suppressed === 0 || !window.last) return;
    into.push({
      ...window.last,
      at: now,
      detail: JSON.stringify({
        suppressed: window.suppressed,
        from: window.firstSuppressedAt,
        to: window.last.at,
      }),
    });
  }

  #overflowSummary(now: number): AuditRow {
    const row: AuditRow = {
      at: now,
      actor: 'system',
      actorName: null,
      action: 'audit.suppressed',
      target: 'audit',
      outcome: 'denied',
      detail: JSON.stringify({ suppressed: this.#overflow.count, from: this.#overflow.since, to: now }),
      source: null,
    };
    this.#overflow = { count: 0, since: 0 };
    return row;
  }
}
