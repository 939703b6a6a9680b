import type { LogEntry, LogLine } from '@bosun/protocol';
import { compareDockerTimestamps } from '@bosun/protocol';
import type { LogReadQuery } from '../ports/log-store.ts';
import { markerPosition } from './stream-admission.ts';

type Marker = Exclude<LogEntry, { kind: 'line' }>;

/** Whether a line lies within a read's seq and time bounds (the filter aside). */
export function lineInBounds(query: LogReadQuery, line: LogLine): boolean {
  if (query.afterSeq !== undefined && line.seq <= query.afterSeq) return false;
  if (query.beforeSeq !== undefined && line.seq >= query.beforeSeq) return false;
  if (query.since !== undefined && compareDockerTimestamps(line.ts, query.since) < 0) return false;
  if (query.until !== undefined && compareDockerTimestamps(line.ts, query.until) >= 0) return false;
  return true;
}

/**
 * Whether a marker comes along with a page: it sits (after its seq) within the span the page
 * covers, from the query's own bound to its last line, or to the range's end on the last page
 * (`lastSeq` null), and a marker that carries a timestamp is within the time bounds.
 */
export function markerInPage(query: LogReadQuery, marker: Marker, lastSeq: number | null): boolean {
  const at = markerPosition(marker) + 0.5;
  const oldest = query.order === 'oldest';
  const low = oldest ? (query.afterSeq ?? -Infinity) : (lastSeq ?? -Infinity);
  const high = oldest ? (lastSeq ?? Infinity) : (query.beforeSeq ?? Infinity);
  if (at < low || at > high) return false;
  if (query.afterSeq !== undefined && at < query.afterSeq) return false;
  if (query.beforeSeq !== undefined && at > query.beforeSeq) return false;
  const ts = marker.kind === 'gap' ? undefined : marker.ts;
  if (ts === undefined) return true;
  if (query.since !== undefined && compareDockerTimestamps(ts, query.since) < 0) return false;
  if (query.until !== undefined && compareDockerTimestamps(ts, query.until) >= 0) return false;
  return true;
}

/** Sorts a page's entries (lines and markers, each marker after its seq) in the order asked. */
export function orderPage(entries: LogEntry[], order: LogReadQuery['order']): LogEntry[] {
  const position = (e: LogEntry) => (e.kind === 'line' ? e.seq : markerPosition(e) + 0.5);
  return entries.sort((a, b) => (order === 'oldest' ? position(a) - position(b) : position(b) - position(a)));
}
