import { detectLevel, type LogLevel, type LogLine, parseJsonLine, stripAnsiEscapes } from '@bosun/protocol';

/** A line's text as a person reads it: base64 lines decoded (bytes that are not UTF-8 as U+FFFD). */
export function lineText(line: LogLine): string {
  return line.encoding === 'base64' ? Buffer.from(line.text, 'base64').toString('utf8') : line.text;
}

/** The text without terminal escape sequences. */
export function plainText(text: string): string {
  return stripAnsiEscapes(text);
}

/**
 * The line's level as the web viewer detects it (protocol's `detectLevel`, on the text without
 * escapes, a JSON object line judged by its fields), or null when the line does not say.
 */
export function lineLevel(text: string): LogLevel | null {
  const plain = plainText(text);
  return detectLevel(plain, parseJsonLine(plain));
}
