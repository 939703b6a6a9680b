import type { LogEntry } from '@bosun/protocol';

/** Protocol lines numbered `from..to`, stamped `seq` seconds into a minute, with the text `<text> <seq>`. */
export function lines(from: number, to: number, text = 'line'): LogEntry[] {
  const out: LogEntry[] = [];
  for (let seq = from; seq <= to; seq++) {
    out.push({
      kind: 'line',
      seq,
      ts: `2026-11-25T06:30:${String(seq % 60).padStart(2, '0')}Z`,
      stream: 'stdout',
      text: `${text} ${seq}`,
    });
  }
  return out;
}
