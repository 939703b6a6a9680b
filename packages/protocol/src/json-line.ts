/**
 * The longest line parsed as JSON: the protocol's line limit. Anything longer was truncated by
 * the agent and cannot be whole JSON, and parsing megabytes per line would stall its reader.
 */
export const MAX_JSON_LINE_LENGTH = 64 * 1024;

// JSON's own whitespace; checked by char code so a plain line costs no regex.
function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * The line as an object when it is one JSON object and nothing else; what level detection reads
 * a JSON line by, in the viewer and in the manager's filters alike. Cheap to call on every line:
 * a line that does not start with `{` costs two character checks.
 */
export function parseJsonLine(plain: string): Record<string, unknown> | null {
  if (plain.length < 2 || plain.length > MAX_JSON_LINE_LENGTH) return null;
  let start = 0;
  while (start < plain.length && isSpace(plain.charCodeAt(start))) start++;
  if (plain.charCodeAt(start) !== 0x7b) return null;
  let end = plain.length - 1;
  while (end > start && isSpace(plain.charCodeAt(end))) end--;
  if (plain.charCodeAt(end) !== 0x7d) return null;
  try {
    const value: unknown = JSON.parse(plain);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
    return value as Record<string, unknown>;
  } catch {
    // Not JSON after all: a text line that happens to start with `{`.
    return null;
  }
}
