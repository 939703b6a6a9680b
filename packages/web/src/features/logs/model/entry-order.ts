import type { ViewEntry } from './log-types.ts';

// Display order, shared by LogBuffer and FilteredView so that both place an entry in the same
// spot: ascending tsKey, and among equal keys, arrival order. Inserting each new entry after
// every entry whose key is <= its own gives exactly that, and so does a stable merge of a
// stable-sorted run, which is what these do.

/**
 * The first index in [head, target.length) whose key is greater than `key` (or equal to it, with
 * `orEqual`). Searched from the
 * end with growing steps, then halved: new entries nearly always belong at or near the end, so
 * this is O(1) for them and O(log n) at worst.
 */
export function upperBound(target: readonly ViewEntry[], head: number, key: bigint, orEqual = false): number {
  const after = (entry: ViewEntry) => entry.tsKey > key || (orEqual && entry.tsKey === key);
  let hi = target.length;
  let step = 1;
  let lo = hi - step;
  while (lo >= head && after(target[lo] as ViewEntry)) {
    hi = lo;
    step *= 2;
    lo = hi - step;
  }
  if (lo < head - 1) lo = head - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (after(target[mid] as ViewEntry)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * A batch in display order. Each source's entries already have non-decreasing keys (LogBuffer
 * clamps them), so a stable sort interleaves sources without reordering any one of them. Only the
 * batch is sorted, never what is held.
 */
export function sortRun(run: ViewEntry[]): ViewEntry[] {
  for (let i = 1; i < run.length; i++) {
    if ((run[i] as ViewEntry).tsKey < (run[i - 1] as ViewEntry).tsKey) {
      return run.sort((a, b) => (a.tsKey < b.tsKey ? -1 : a.tsKey > b.tsKey ? 1 : 0));
    }
  }
  return run;
}

/**
 * Merges a sorted run into `target` (sorted from `head` on), held entries first among equal
 * keys, or the run's first with `older` (lines paged in from before what is held, whose last one
 * may share its stamp with the first held line of its source). Appending is O(run); otherwise only
 * the part of `target` after the run's first key moves, O(that tail + run).
 */
export function mergeRun(target: ViewEntry[], head: number, run: readonly ViewEntry[], older = false): void {
  const first = run[0];
  if (first === undefined) return;
  const last = target[target.length - 1];
  if (
    target.length === head ||
    last === undefined ||
    last.tsKey < first.tsKey ||
    (!older && last.tsKey === first.tsKey)
  ) {
    for (const entry of run) target.push(entry);
    return;
  }
  const tail = target.splice(upperBound(target, head, first.tsKey, older));
  let i = 0;
  let j = 0;
  while (i < tail.length && j < run.length) {
    const held = tail[i] as ViewEntry;
    const next = run[j] as ViewEntry;
    if (next.tsKey < held.tsKey || (older && next.tsKey === held.tsKey)) {
      target.push(next);
      j++;
    } else {
      target.push(held);
      i++;
    }
  }
  while (i < tail.length) target.push(tail[i++] as ViewEntry);
  while (j < run.length) target.push(run[j++] as ViewEntry);
}
