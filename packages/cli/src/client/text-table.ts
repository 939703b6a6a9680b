const GAP = '   ';

/** Wraps a cell's text (already measured and padded around) in colour; see colour.ts. */
export type CellPaint = (row: number, column: number, text: string) => string;

/**
 * A table as `docker ps` prints it: a header line, then one line per row, each column padded to
 * its widest cell and three spaces apart; the last column is not padded and no line ends in
 * spaces. `paint` colours a row's cells (row 0 is the first row after the header); the padding
 * is counted on the plain text, so colour never shifts a column.
 */
export function formatColumns(
  headers: readonly string[],
  rows: ReadonlyArray<readonly string[]>,
  paint?: CellPaint,
): string {
  const table = [headers, ...rows];
  const widths = headers.map((_, i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
  return table
    .map((line, lineIndex) =>
      headers
        .map((_, i) => {
          const cell = line[i] ?? '';
          const shown = paint && lineIndex > 0 && cell !== '' ? paint(lineIndex - 1, i, cell) : cell;
          return i === headers.length - 1 ? shown : shown + ' '.repeat(widths[i]! - cell.length);
        })
        .join(GAP)
        .trimEnd(),
    )
    .map((line) => `${line}\n`)
    .join('');
}
