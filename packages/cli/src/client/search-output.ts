import type { SearchHit, SearchResponse } from '@bosun/protocol';
import { fixedTimestamp, formatLine } from './log-line-format.ts';

/**
 * One hit as `bosun search` prints it: `host/container timestamp ` and the line's bytes as
 * Docker printed them (a base64 line decoded, no newline added to a partial one).
 */
export function formatHit(hit: SearchHit): Buffer[] {
  return [
    Buffer.from(`${hit.hostName}/${hit.containerName} ${fixedTimestamp(hit.line.ts)} `),
    ...formatLine(hit.line, false),
  ];
}

/** What `bosun search` says on stderr about an answer: a cut by the limit, an incomplete scan. */
export function searchNotes(answer: SearchResponse, limit: number): string[] {
  const notes: string[] = [];
  if (answer.limited)
    notes.push(`only the ${limit} newest hits are shown; more matched (raise -n or narrow --since)`);
  if (!answer.complete && answer.scannedFrom !== null) {
    notes.push(`the search stopped at ${answer.scannedFrom}; search on with --until ${answer.scannedFrom}`);
  }
  return notes;
}

/** The hits per container, most first, as `-v` prints them. */
export function formatCounts(answer: SearchResponse): string[] {
  const lines = answer.counts
    .toSorted((a, b) => b.count - a.count)
    .map((c) => `${c.count}\t${c.hostName}/${c.containerName}`);
  if (!answer.countsComplete) lines.push("(counting stopped at the manager's bound)");
  return lines;
}
