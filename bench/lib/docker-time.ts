// Docker stamps each line with its RFC3339Nano receipt time; latency here is that stamp to the
// moment a client handles the line, both on this machine's wall clock.

let cachedPrefix = '';
let cachedSecondsMs = 0;

/** A Docker timestamp (`2026-11-25T04:04:53.223456789Z`) as Unix milliseconds, sub-ms kept. */
export function dockerTsToMs(ts: string): number {
  // Lines come in order, so consecutive stamps nearly always share their whole second.
  const prefix = ts.slice(0, 19);
  if (prefix !== cachedPrefix) {
    cachedPrefix = prefix;
    cachedSecondsMs = Date.parse(`${prefix}Z`);
  }
  if (ts.charCodeAt(19) !== 0x2e) return cachedSecondsMs;
  const fraction = ts.slice(20, ts.length - 1).padEnd(9, '0');
  return cachedSecondsMs + Number(fraction) / 1e6;
}

/** Wall-clock now in Unix milliseconds with sub-millisecond resolution. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Where a line's latency is measured from: its Docker stamp, or the write time it carries. */
export type LatencyFrom = 'docker' | 'write';

/**
 * The write time a paced line carries (`<n> <µs since the epoch> …`, see line-scripts.ts), in
 * Unix milliseconds: taken by the container's shell just before it writes the line, on the same
 * clock as the receiver's.
 */
export function lineWriteMs(text: string): number {
  const start = text.indexOf(' ') + 1;
  const end = text.indexOf(' ', start);
  const micros = Number(text.slice(start, end === -1 ? undefined : end));
  if (!Number.isFinite(micros)) throw new Error(`no write time in line ${JSON.stringify(text.slice(0, 60))}`);
  return micros / 1000;
}
