import { detectLevel, type LogLevel, type LogLine } from '@bosun/protocol';

// CSI sequences (colours, cursor moves), OSC sequences (titles, hyperlinks) and two-byte escapes:
// what a terminal hides and a level or a reader of JSON output must not see.
const ESCAPES = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]|$)/g;
const JSON_LINE_LIMIT = 64 * 1024;

/** A line's text as a person reads it: base64 lines decoded (bytes that are not UTF-8 as U+FFFD). */
export function lineText(line: LogLine): string {
  return line.encoding === 'base64' ? Buffer.from(line.text, 'base64').toString('utf8') : line.text;
}

/** The text without terminal escape sequences. */
export function plainText(text: string): string {
  return text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
}

/**
 * The line's level as the web viewer detects it (protocol's `detectLevel`, on the text without
 * escapes, a JSON object line judged by its fields), or null when the line does not say.
 */
export function lineLevel(text: string): LogLevel | null {
  const plain = plainText(text);
  return detectLevel(plain, jsonObject(plain));
}

// Only a line that is one JSON object and nothing else; a truncated one cannot be.
function jsonObject(plain: string): Record<string, unknown> | null {
  const trimmed = plain.trim();
  if (trimmed.length < 2 || trimmed.length > JSON_LINE_LIMIT) return null;
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    // Looked like JSON and is not: a text line, judged by its text.
    return null;
  }
}
