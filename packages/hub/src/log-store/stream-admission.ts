import type { LogEntry } from '@bosun/protocol';

/**
 * The entries of a batch the store takes, given the newest seq it already took for the stream
 * (-1 when none): lines at or below it are repeats of a resumed stream and dropped, and so are
 * markers placed before it (a marker after the newest seq is new: a stream ends or restarts
 * there). Returns the entries kept and the new newest seq.
 */
export function admitEntries(
  newestSeq: number,
  entries: readonly LogEntry[],
): { kept: LogEntry[]; newestSeq: number } {
  const kept: LogEntry[] = [];
  let newest = newestSeq;
  for (const entry of entries) {
    if (entry.kind === 'line') {
      if (entry.seq <= newest) continue;
      newest = entry.seq;
      kept.push(entry);
    } else if (markerPosition(entry) >= newest) {
      kept.push(entry);
    }
  }
  return { kept, newestSeq: newest };
}

/** The seq a marker sits after (a gap sits after the line before its first lost one). */
export function markerPosition(entry: Exclude<LogEntry, { kind: 'line' }>): number {
  return entry.kind === 'gap' ? entry.fromSeq - 1 : entry.afterSeq;
}
