import {
  detectLevel,
  type LogLevel,
  type LogLineFilter,
  type LogStream,
  ProtocolError,
} from '@bosun/protocol';
import { compileLinePattern } from '@bosun/protocol/safe-pattern';

/** What a filter looks at: a line's text as a person reads it, and its stream. */
export type MatchableLine = { text: string; stream: LogStream };

/**
 * Compiles a `LogLineFilter` into a test per line: the pattern through protocol's safe matcher
 * (engine `auto`), streams, and levels by the shared level detection on the text without terminal
 * escapes, a JSON object line judged by its fields (as the viewer does). Throws `invalid_data`
 * for a pattern the matcher refuses.
 */
export function compileLineFilter(filter: LogLineFilter): (line: MatchableLine) => boolean {
  const pattern =
    filter.pattern === undefined
      ? undefined
      : compileLinePattern({
          query: filter.pattern,
          regex: filter.regex === true,
          caseSensitive: filter.caseSensitive === true,
        });
  if (pattern !== undefined && !pattern.ok) throw new ProtocolError('invalid_data', pattern.message);
  const matcher = pattern?.matcher;
  const streams = filter.streams === undefined ? undefined : new Set<LogStream>(filter.streams);
  const levels = filter.levels === undefined ? undefined : new Set<LogLevel>(filter.levels);
  return (line) => {
    if (streams !== undefined && !streams.has(line.stream)) return false;
    if (matcher !== undefined && !matcher.test(line.text)) return false;
    if (levels === undefined) return true;
    const level = lineLevel(line.text);
    return level !== null && levels.has(level);
  };
}

// CSI, OSC and two-byte escapes: what a terminal hides and level detection must not see.
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]|$)/g;

function lineLevel(text: string): LogLevel | null {
  const plain = text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
  return detectLevel(plain, jsonObject(plain));
}

function jsonObject(plain: string): Record<string, unknown> | null {
  const trimmed = plain.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // Not JSON after all: judged as text.
    return null;
  }
}

const lenientUtf8 = new TextDecoder('utf-8', { fatal: false });

/** A stored line's text as the filter reads it: a base64 line decoded, bytes that are not UTF-8 as U+FFFD. */
export function matchableText(line: { text: string; encoding?: 'base64' }): string {
  if (line.encoding !== 'base64') return line.text;
  const binary = atob(line.text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return lenientUtf8.decode(bytes);
}
