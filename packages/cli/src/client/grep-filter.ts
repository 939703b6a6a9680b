import type { LogLine } from '@bosun/protocol';
import type { LineMatcher } from '@bosun/protocol/safe-pattern';

/** Whether a line is printed; `--grep` makes one, every line passes without it. */
export type LineFilter = (line: LogLine) => boolean;

/**
 * `--grep` as grep would apply it to `docker logs`: the pattern looks at the line as printed, its
 * ANSI sequences and a trailing "\r" included, base64 lines decoded (bytes that are not UTF-8
 * read as U+FFFD).
 */
export function grepFilter(matcher: LineMatcher): LineFilter {
  return (line) =>
    matcher.test(line.encoding === 'base64' ? Buffer.from(line.text, 'base64').toString('utf8') : line.text);
}
