import type { LogLevel, LogLine, LogStream } from '@bosun/protocol';
import { UsageError } from '../../exit-codes.ts';
import type { LineFilter } from '../grep-filter.ts';
import { lineLevel, lineText } from './line-text.ts';

/** A `--level` choice: a detected level, or `none` for lines that name no level (as the web viewer offers). */
export type LevelChoice = LogLevel | 'none';

const LEVELS: readonly LevelChoice[] = ['error', 'warn', 'info', 'debug', 'none'];
const STREAMS: readonly LogStream[] = ['stdout', 'stderr'];

/** `--stream stdout|stderr`, checked. */
export function parseStreamOption(value: string): LogStream {
  const stream = STREAMS.find((name) => name === value);
  if (stream === undefined)
    throw new UsageError(`--stream expects stdout or stderr; got ${JSON.stringify(value)}`);
  return stream;
}

/** `--level error,warn`: the levels to keep, each checked. */
export function parseLevelOption(value: string): ReadonlySet<LevelChoice> {
  const chosen = new Set<LevelChoice>();
  for (const word of value.split(',')) {
    const level = LEVELS.find((name) => name === word.trim().toLowerCase());
    if (level === undefined) {
      throw new UsageError(
        `--level expects some of ${LEVELS.join(', ')} (comma-separated); got ${JSON.stringify(word)}`,
      );
    }
    chosen.add(level);
  }
  return chosen;
}

/** Keeps the lines of one stream. */
export function streamFilter(stream: LogStream): LineFilter {
  return (line) => line.stream === stream;
}

/** Keeps the lines whose detected level is one of `levels`. */
export function levelFilter(levels: ReadonlySet<LevelChoice>): LineFilter {
  return (line: LogLine) => levels.has(lineLevel(lineText(line)) ?? 'none');
}

/** Every filter must keep a line; the cheap ones are asked first. */
export function allOf(filters: readonly LineFilter[]): LineFilter {
  if (filters.length === 0) return () => true;
  if (filters.length === 1) return filters[0] as LineFilter;
  return (line) => filters.every((keep) => keep(line));
}
