// A model of the log Docker stores for a non-TTY container and of its `since=` reads, for tests of
// what a resume must deliver. Docker stamps and stores stdout and stderr in one goroutine each, so
// the stored log is in time order within a stream but not across them.
import { dockerTimestampToUnixNanos, type LogStream } from '@bosun/protocol';
import { bytes, type RecordedLine } from './recorded-log-streams.ts';

/** One write of the program: its stream, how long after the previous write, how late it is stored. */
export interface ModelWrite {
  stderr: boolean;
  /** Nanoseconds after the previous write; 0 repeats its stamp. */
  afterNs: number;
  /** How many later writes may be stored before this one (never ahead of its own stream). */
  late: number;
}

const BASE_NS = 1_795_576_766n * 1_000_000_000n;

/** A Docker timestamp for Unix nanoseconds, with trailing fraction zeros trimmed as Docker does. */
export function dockerStamp(nanos: bigint): string {
  const seconds = nanos / 1_000_000_000n;
  const fraction = (nanos % 1_000_000_000n).toString().padStart(9, '0').replace(/0+$/, '');
  const date = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  return `${date}${fraction === '' ? '' : `.${fraction}`}Z`;
}

/**
 * The stored log of `writes`: each line stamped when written, stored up to `late` places after
 * later writes of the other stream, never after a later write of its own stream.
 */
export function storedLog(writes: readonly ModelWrite[]): RecordedLine[] {
  const keyed: Array<{ key: number; line: RecordedLine }> = [];
  const lastKey: Record<LogStream, number> = { stdout: -1, stderr: -1 };
  let nanos = BASE_NS;
  writes.forEach((write, i) => {
    nanos += BigInt(write.afterNs);
    const stream: LogStream = write.stderr ? 'stderr' : 'stdout';
    const key = Math.max(i + write.late, lastKey[stream] + 0.5);
    lastKey[stream] = key;
    keyed.push({ key, line: { stream, ts: dockerStamp(nanos), content: bytes(`${stream} ${i}`) } });
  });
  // A stable sort: equal keys keep the order of writing.
  return keyed.sort((a, b) => a.key - b.key).map((k) => k.line);
}

/**
 * Docker's read from `since` (Unix seconds with a fraction, as the agent sends it): every stored
 * line stamped at or after it, in stored order. `secondGranular` models the Docker versions that
 * drop the fraction, which reads the whole second again.
 */
export function storedSince(
  stored: readonly RecordedLine[],
  since: string | undefined,
  options: { secondGranular?: boolean } = {},
): RecordedLine[] {
  if (since === undefined) return [...stored];
  const [seconds = '0', fraction = '0'] = since.split('.');
  const from =
    BigInt(seconds) * 1_000_000_000n + (options.secondGranular ? 0n : BigInt(fraction.padEnd(9, '0')));
  return stored.filter((l) => dockerTimestampToUnixNanos(l.ts) >= from);
}
