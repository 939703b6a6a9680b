// What a POSIX shell reads as itself, unquoted: no spaces, globs, quotes, `$`, `;`, `&` or `|`.
const PLAIN = /^[A-Za-z0-9_./:@%+=,-]+$/;

/**
 * `value` as one word of a POSIX shell command line: as it is when the shell would read it
 * unchanged, else in single quotes (inside which only `'` itself needs care), so a value printed
 * into a line to paste can never become a second command.
 */
export function shellWord(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replaceAll("'", `'\\''`)}'`;
}
