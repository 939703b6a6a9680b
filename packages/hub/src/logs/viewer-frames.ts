import { encodePush, entryTextBytes, type LogEntry, type LogGapReason } from '@bosun/protocol';

/** A run of entries with its JSON made once, shared by every subscriber it goes to, and its text bytes. */
export type EncodedBatch = { entries: LogEntry[]; json: string; textBytes: number };

/**
 * A run of entries with its JSON, made once for every subscriber it goes to. `textBytes`, when
 * the caller has measured the entries already, saves measuring them again.
 */
export function encodeBatch(entries: LogEntry[], textBytes = textBytesOf(entries)): EncodedBatch {
  return { entries, json: JSON.stringify(entries), textBytes };
}

/** The text bytes of entries, as queues and rings count them. */
export function textBytesOf(entries: readonly LogEntry[]): number {
  let bytes = 0;
  for (const entry of entries) bytes += entryTextBytes(entry);
  return bytes;
}

// Fan-out hot path: one batch goes to hundreds of subscribers whose frames differ only in `sub`,
// so the entries are serialised once and spliced in. The output is byte for byte what
// encodePush builds (checked in the tests); batches are split below MAX_FRAME_BYTES beforehand.

/** A `logs.batch` frame around entries already serialised. */
export function batchFrame(sub: string, entriesJson: string): string {
  return `{"subject":"logs.batch","data":{"sub":${JSON.stringify(sub)},"entries":${entriesJson}}}`;
}

/** A `logs.history` frame around entries already serialised; `done` on the last one. */
export function historyFrame(sub: string, entriesJson: string, done: boolean): string {
  return `{"subject":"logs.history","data":{"sub":${JSON.stringify(sub)},"entries":${entriesJson},"done":${done}}}`;
}

/** The seqs a viewer did not get and how many they were. */
export type GapRange = { fromSeq: number; toSeq: number; count: number };

/** A `logs.gap` frame: entries the ring no longer holds, or a slow viewer's queue dropped. */
export function gapFrame(
  sub: string,
  gap: GapRange,
  reason: Extract<LogGapReason, 'ring_evicted' | 'subscriber_behind'>,
): string {
  return encodePush('logs.gap', { sub, fromSeq: gap.fromSeq, toSeq: gap.toSeq, count: gap.count, reason });
}
