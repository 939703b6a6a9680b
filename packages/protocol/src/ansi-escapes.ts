// CSI ("ESC [" … final byte), OSC ("ESC ]" … BEL or ST: titles, hyperlinks) and two-byte escapes
// (charset switches such as "ESC ( B", "ESC 7"), and an ESC that ends the line: everything a
// terminal consumes without printing.
const ESCAPES = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[ -/]*[0-~]|\x1b$/g;

/**
 * The text a terminal would print: ANSI escape sequences removed. What a filter matches, so that
 * a coloured `ERROR` is found by `ERROR`, as the viewer's search finds it on the line it shows.
 * Costs one `includes` on a line without ESC.
 */
export function stripAnsiEscapes(text: string): string {
  return text.includes('\x1b') ? text.replace(ESCAPES, '') : text;
}
