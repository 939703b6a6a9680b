const GAP = '   ';

/**
 * A table as `docker ps` prints it: a header line, then one line per row, each column padded to
 * its widest cell and three spaces apart; the last column is not padded and no line ends in
 * spaces.
 */
export function formatColumns(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const table = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  return table
    .map((line) =>
      headers
        .map((_, i) => {
          const cell = line[i] ?? '';
          return i === headers.length - 1 ? cell : cell.padEnd(widths[i]!);
        })
        .join(GAP)
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
