// A line's Docker timestamp is kept as integer nanoseconds (`tns`, what time queries compare) and,
// only when Docker's text is not the canonical rendering of those nanoseconds, as text too (`ts`).
// Docker writes RFC 3339 in UTC with trailing zeros of the fraction dropped, so nearly every line
// needs no text: about 30 bytes a line saved, while a line is still given back byte for byte.

/**
 * The SQL columns `storedLineTs` reads (of the table named `table` in the query, if given): the
 * kept text, and the nanoseconds split in two, each of which fits a JavaScript number.
 */
export function tsColumns(table?: string): string {
  const t = table === undefined ? '' : `${table}.`;
  return `${t}ts, ${t}tns / 1000000000 AS sec, ${t}tns % 1000000000 AS nsec`;
}

const NANOS = 1_000_000_000n;
let cachedSec = Number.NaN;
let cachedPrefix = '';

function render(sec: number, nsec: number): string {
  // Lines arrive many to a second: the date part is rendered once per second.
  if (sec !== cachedSec) {
    const iso = new Date(sec * 1000).toISOString();
    cachedPrefix = iso.slice(0, iso.length - 5);
    cachedSec = sec;
  }
  if (nsec === 0) return `${cachedPrefix}Z`;
  return `${cachedPrefix}.${String(nsec).padStart(9, '0').replace(/0+$/, '')}Z`;
}

/** The text to keep for a line at `tns` printed by Docker as `ts`: null when rendering `tns` gives it back. */
export function tsToStore(ts: string, tns: bigint): string | null {
  let sec = tns / NANOS;
  let nsec = tns % NANOS;
  if (nsec < 0n) {
    sec -= 1n;
    nsec += NANOS;
  }
  return render(Number(sec), Number(nsec)) === ts ? null : ts;
}

/** A stored line's timestamp as Docker printed it, from the columns of `tsColumns`. */
export function storedLineTs(ts: string | null, sec: number, nsec: number): string {
  if (ts !== null) return ts;
  // SQLite's division truncates toward zero: a time before 1970 has a negative remainder.
  return nsec < 0 ? render(sec - 1, nsec + 1_000_000_000) : render(sec, nsec);
}
