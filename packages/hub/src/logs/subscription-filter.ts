import {
  canonicalLineFilter,
  compileLineFilter,
  entryPasses,
  type LineFilterMatch,
  type LogEntry,
  type LogLineFilter,
} from '@bosun/protocol';
import type { Clock } from '../ports/clock.ts';
import { firstSeqOf } from './log-entries.ts';
import { type EncodedBatch, encodeBatch } from './viewer-frames.ts';

/**
 * A subscription's filter, compiled once: `key` is its canonical JSON, equal for subscriptions
 * whose filters keep the same lines, so a topic's fan-out makes one match pass per key.
 */
export type SubscriptionFilter = { readonly key: string; readonly match: LineFilterMatch };

/** What a filtered subscriber needs beyond its filter: a clock to pace its `logs.skipped` reports. */
export type FilteredDelivery = {
  filter: SubscriptionFilter;
  clock: Clock;
  /** The least time between two `logs.skipped` reports of one subscription. */
  reportEveryMs: number;
};

/**
 * The compiled filter of a `logs.subscribe`, or undefined when it asked for none or for one that
 * keeps every line (such a subscription costs the fan-out nothing). Throws the matcher's
 * `invalid_data` refusal for a pattern that cannot be compiled.
 */
export function subscriptionFilterOf(filter: LogLineFilter | undefined): SubscriptionFilter | undefined {
  if (filter === undefined) return undefined;
  const canonical = canonicalLineFilter(filter);
  if (canonical === undefined) return undefined;
  return { key: JSON.stringify(canonical), match: compileLineFilter(canonical) };
}

/** Lines a filter held back: how many, and the highest seq among them. */
export type SkippedLines = { count: number; throughSeq: number };

/**
 * One fan-out batch as a filter leaves it: the entries it keeps (the batch itself, JSON and all,
 * when it keeps every one; undefined when none), the lines it skipped, and the first seq the
 * batch stood for, where a subscription that stalls on it catches up from.
 */
export type FilteredBatch = {
  batch: EncodedBatch | undefined;
  skipped: SkippedLines | undefined;
  fromSeq: number;
};

/** Splits batches by a filter: one pass over their entries, shared by every subscriber of the filter. */
export function filterBatches(batches: readonly EncodedBatch[], match: LineFilterMatch): FilteredBatch[] {
  return batches.map((batch) => {
    const fromSeq = firstSeqOf(batch.entries[0] as LogEntry);
    const { kept, skipped } = filterEntries(batch.entries, match);
    // Markers always pass: nothing skipped means the batch is whole, and its JSON is reused.
    if (skipped === undefined) return { batch, skipped, fromSeq };
    return { batch: kept.length === 0 ? undefined : encodeBatch(kept), skipped, fromSeq };
  });
}

/** The entries a filter keeps, and the lines it skipped among them. */
export function filterEntries(
  entries: readonly LogEntry[],
  match: LineFilterMatch,
): { kept: LogEntry[]; skipped: SkippedLines | undefined } {
  const kept: LogEntry[] = [];
  let count = 0;
  let throughSeq = -1;
  for (const entry of entries) {
    if (entryPasses(match, entry)) kept.push(entry);
    else if (entry.kind === 'line') {
      count += 1;
      throughSeq = entry.seq;
    }
  }
  return { kept, skipped: count === 0 ? undefined : { count, throughSeq } };
}
