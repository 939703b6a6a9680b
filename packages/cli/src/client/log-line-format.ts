import type { LogLine } from '@bosun/protocol';

const SECONDS_END = 19;

/**
 * The timestamp as `docker logs -t` prints it: Docker's RFC3339NanoFixed, whose fraction is
 * always 9 digits (the stored stamp may have trimmed trailing zeros, or none at all).
 */
export function fixedTimestamp(ts: string): string {
  const zone = ts.indexOf('Z', SECONDS_END);
  const end = zone === -1 ? ts.length : zone;
  const fraction = ts.charCodeAt(SECONDS_END) === 0x2e ? ts.slice(SECONDS_END + 1, end) : '';
  return `${ts.slice(0, SECONDS_END)}.${fraction.padEnd(9, '0')}${ts.slice(end)}`;
}

const NEWLINE = Buffer.from('\n');

/**
 * The bytes `docker logs` prints for one line: the content exactly (base64 lines decoded), a
 * newline unless the program wrote none, and with `timestamps` the stamp and a space first.
 */
export function formatLine(line: LogLine, timestamps: boolean): Buffer[] {
  const parts: Buffer[] = [];
  if (timestamps) parts.push(Buffer.from(`${fixedTimestamp(line.ts)} `, 'latin1'));
  parts.push(Buffer.from(line.text, line.encoding === 'base64' ? 'base64' : 'utf8'));
  if (!line.partial) parts.push(NEWLINE);
  return parts;
}
