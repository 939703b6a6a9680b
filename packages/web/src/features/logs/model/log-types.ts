import type { LogLevel } from '@bosun/protocol';

/**
 * A log source as the user named it: `"<agent>/<container>"`, the container by name or id prefix.
 * Kept as typed rather than resolved so a container recreated under the same name stays in view.
 */
export type SourceKey = string;

/** A line's severity, as protocol's `detectLevel` classifies it. */
export type Level = LogLevel;

/** A log line decoded for the view: text, ordering key and classification worked out once. */
export type ViewLine = {
  kind: 'line';
  /** Unique and increasing in arrival order: a stable React key, unrelated to display order. */
  id: number;
  source: SourceKey;
  seq: number;
  ts: string;
  /**
   * Nanoseconds since the epoch: the merge order. LogBuffer may raise it to the previous line's
   * key of the same source when Docker's clock stepped back, so one source never reorders.
   */
  tsKey: bigint;
  stream: 'stdout' | 'stderr';
  /** Decoded text with its ANSI sequences intact, for coloured rendering. */
  text: string;
  /** ANSI stripped: what search, level detection and downloads use. */
  plain: string;
  level: Level | null;
  json: boolean;
  truncated: boolean;
  partial: boolean;
  /** The line was not UTF-8 and arrived base64; `text` holds it decoded with U+FFFD replacements. */
  binary: boolean;
};

/** What a marker row says: a stream event (restart, gap, end) or one of the view's own notes. */
export type MarkerKind = 'restart' | 'gap' | 'end' | 'dropped' | 'notice';

/** A row between lines that is not a line: a stream event or a note of the view's. */
export type ViewMarker = {
  kind: MarkerKind;
  id: number;
  /** null for markers about the view itself (dropped lines, connection notices). */
  source: SourceKey | null;
  ts: string | null;
  /** For a marker without a timestamp, LogBuffer sets it to its source's last key on append. */
  tsKey: bigint;
  /** What the UI prints, e.g. "Container restarted" or "1,234 lines skipped (viewer fell behind)". */
  text: string;
};

/** One row of the view. */
export type ViewEntry = ViewLine | ViewMarker;

/** Narrows a row to a line. */
export function isLine(entry: ViewEntry): entry is ViewLine {
  return entry.kind === 'line';
}
