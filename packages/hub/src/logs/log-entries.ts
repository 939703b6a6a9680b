import { entryTextBytes, type LogEntry, MAX_BATCH_LINES, MAX_BATCH_TEXT_BYTES } from '@bosun/protocol';

/** The first seq an entry stands for: a line's seq, a gap's fromSeq, the seq after a marker. */
export function firstSeqOf(entry: LogEntry): number {
  if (entry.kind === 'line') return entry.seq;
  if (entry.kind === 'gap') return entry.fromSeq;
  return entry.afterSeq + 1;
}

/**
 * The last seq an entry stands for. An entry matters to a viewer resuming at `fromSeq` when
 * this is >= fromSeq: lines from fromSeq on, gaps reaching it, markers after fromSeq - 1.
 */
export function reachOf(entry: LogEntry): number {
  if (entry.kind === 'line') return entry.seq;
  if (entry.kind === 'gap') return entry.toSeq;
  return entry.afterSeq + 1;
}

/** A run of entries that fits one frame, with its text bytes. */
export type EntryRun = { entries: LogEntry[]; textBytes: number };

/** Entries split into runs that each fit one frame: MAX_BATCH_LINES and MAX_BATCH_TEXT_BYTES. */
export function splitBatches(entries: readonly LogEntry[]): EntryRun[] {
  const batches: EntryRun[] = [];
  let current: LogEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entryTextBytes(entry);
    if (current.length > 0 && (current.length >= MAX_BATCH_LINES || bytes + size > MAX_BATCH_TEXT_BYTES)) {
      batches.push({ entries: current, textBytes: bytes });
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) batches.push({ entries: current, textBytes: bytes });
  return batches;
}
