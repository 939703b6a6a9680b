import type { LogLine } from './logs.ts';

/**
 * What a `log.read` batch costs against the read's window (`log.read`'s `window`, refilled by
 * `log.read.credit`): the length of its lines' text, which is their byte count for ASCII. Agent
 * and manager count with this one function, so the credit the manager grants for a batch is
 * exactly what the batch took.
 */
export function logReadBatchBytes(entries: readonly LogLine[]): number {
  let bytes = 0;
  for (const line of entries) bytes += line.text.length;
  return bytes;
}
