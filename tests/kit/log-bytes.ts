import type { LogEntry } from '@bosun/protocol';

type Line = Extract<LogEntry, { kind: 'line' }>;

/** The bytes of one line as the container wrote them, newline included unless it had none. */
export function lineBytes(line: Line): Buffer {
  const body = line.encoding === 'base64' ? Buffer.from(line.text, 'base64') : Buffer.from(line.text, 'utf8');
  return line.partial ? body : Buffer.concat([body, Buffer.from('\n')]);
}

/** Rebuilds each stream's bytes from log entries, to compare with what `docker logs` prints. */
export function entriesToStreams(entries: readonly LogEntry[]): { stdout: Buffer; stderr: Buffer } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'line') continue;
    (entry.stream === 'stdout' ? out : err).push(lineBytes(entry));
  }
  return { stdout: Buffer.concat(out), stderr: Buffer.concat(err) };
}
