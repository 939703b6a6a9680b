import { stripAnsiEscapes } from './ansi-escapes.ts';
import { ProtocolError } from './errors.ts';
import { parseJsonLine } from './json-line.ts';
import type { LogLineFilter } from './log-filter.ts';
import { detectLevel } from './log-level.ts';
import { LOG_STREAMS, type LogEntry, type LogStream } from './logs.ts';
import { compileLinePattern } from './safe-pattern/line-pattern.ts';

/** What a filter looks at in a line: its text (base64 when `encoding` says so) and its stream. */
export type MatchableLine = { text: string; stream: LogStream; encoding?: 'base64' | undefined };

/** A compiled `LogLineFilter`: true for a line it keeps. Holds no state between calls. */
export type LineFilterMatch = (line: MatchableLine) => boolean;

// Not fatal: bytes that are not UTF-8 become U+FFFD, so "timeout" still finds a line that also
// holds a stray Latin-1 byte.
const lenient = new TextDecoder('utf-8');

function decodedText(line: MatchableLine): string | null {
  if (line.encoding !== 'base64') return line.text;
  let binary: string;
  try {
    binary = atob(line.text);
  } catch {
    // The schema checked it is base64; a line that still is not cannot match anything.
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return lenient.decode(bytes);
}

/**
 * Compiles a filter once, for every line of a subscription, a read or a search. A line is kept
 * when each present field agrees: its stream is one of `streams`; its level (the shared
 * `detectLevel`, on its text without ANSI escapes, a JSON line by its fields) is one of `levels`,
 * so a line whose level cannot be told is never kept by a level filter; `pattern` (the safe
 * matcher, engine `auto`) finds something in that same escape-free text, which is what a viewer
 * shows and searches, or in the text as written, escapes and all, which is what `grep` reads in
 * `docker logs` and the CLI's `--grep` matches. Either reader then keeps a subset of what the
 * manager sent by its own reading of the pattern. A line that is not UTF-8 (base64 on the wire) is matched on its text decoded
 * with U+FFFD in place of the bytes that do not decode: what a person reading it sees.
 *
 * Throws a ProtocolError (`invalid_data`) with the matcher's own sentence for a pattern that
 * cannot be one (an invalid regular expression, one too long), so an edge refuses it at once.
 */
export function compileLineFilter(filter: LogLineFilter): LineFilterMatch {
  const streams = filter.streams === undefined ? null : new Set<LogStream>(filter.streams);
  const levels = filter.levels === undefined ? null : new Set<string>(filter.levels);
  let test: ((plain: string) => boolean) | null = null;
  if (filter.pattern !== undefined) {
    const compiled = compileLinePattern({
      query: filter.pattern,
      regex: filter.regex === true,
      caseSensitive: filter.caseSensitive === true,
    });
    if (!compiled.ok) throw new ProtocolError('invalid_data', compiled.message);
    if (!compiled.matcher.empty) test = (plain) => compiled.matcher.test(plain);
  }
  return (line) => {
    if (streams !== null && !streams.has(line.stream)) return false;
    if (levels === null && test === null) return true;
    const text = decodedText(line);
    if (text === null) return false;
    const plain = stripAnsiEscapes(text);
    if (levels !== null) {
      const level = detectLevel(plain, parseJsonLine(plain));
      if (level === null || !levels.has(level)) return false;
    }
    return test === null || test(plain) || (plain !== text && test(text));
  };
}

/**
 * Whether an entry goes to a filtered reader: a line when the filter keeps it; a marker (restart,
 * gap, end) always, since it says what happened to the stream, not what a line said.
 */
export function entryPasses(match: LineFilterMatch, entry: LogEntry): boolean {
  return entry.kind !== 'line' || match(entry);
}

/**
 * The filter in one canonical form: fields that change nothing dropped (`regex` and
 * `caseSensitive` without a pattern or when false, `streams` naming every stream), lists sorted
 * and deduplicated. Two filters that keep the same lines by construction have the same form;
 * undefined when it keeps every line, so a reader asking for that is not filtered at all.
 */
export function canonicalLineFilter(filter: LogLineFilter): LogLineFilter | undefined {
  const out: LogLineFilter = {};
  if (filter.pattern !== undefined && filter.pattern !== '') {
    out.pattern = filter.pattern;
    if (filter.regex === true) out.regex = true;
    if (filter.caseSensitive === true) out.caseSensitive = true;
  }
  if (filter.streams !== undefined) {
    const streams = LOG_STREAMS.filter((stream) => filter.streams?.includes(stream));
    if (streams.length < LOG_STREAMS.length) out.streams = streams;
  }
  if (filter.levels !== undefined) out.levels = [...new Set(filter.levels)].sort();
  return Object.keys(out).length === 0 ? undefined : out;
}

/** A key equal for filters whose canonical forms are equal: what shares one match pass. */
export function lineFilterKey(filter: LogLineFilter): string {
  const canonical = canonicalLineFilter(filter);
  return canonical === undefined ? '' : JSON.stringify(canonical);
}
