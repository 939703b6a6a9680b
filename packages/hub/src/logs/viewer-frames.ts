import { encodePush, entryTextBytes, type LogEntry, type LogGapReason, packBatch } from '@bosun/protocol';

/**
 * A run of entries with its JSON made once, shared by every subscriber it goes to, and its text
 * bytes. `json` is made by `jsonOf` for the first subscriber that sends the run whole and kept
 * for the others (a run every subscriber's filter cuts is never serialised whole); `packedJson`
 * likewise by `packedJsonOf`, null when the run cannot be packed.
 */
export type EncodedBatch = {
  entries: LogEntry[];
  textBytes: number;
  json?: string;
  packedJson?: string | null;
};

/**
 * A run of entries ready to be sent to many subscribers. `textBytes`, when the caller has
 * measured the entries already, saves measuring them again.
 */
export function encodeBatch(entries: LogEntry[], textBytes = textBytesOf(entries)): EncodedBatch {
  return { entries, textBytes };
}

/** The JSON of `batch`'s entries, made once per batch. */
export function jsonOf(batch: EncodedBatch): string {
  if (batch.json === undefined) batch.json = JSON.stringify(batch.entries);
  return batch.json;
}

/** The JSON of `batch`'s packed form (made once per batch), or null when it has no packed form. */
export function packedJsonOf(batch: EncodedBatch): string | null {
  if (batch.packedJson === undefined) batch.packedJson = packedJson(batch.entries);
  return batch.packedJson;
}

/** The JSON of `entries`' packed form, or null when they have none (see `packBatch`). */
export function packedJson(entries: readonly LogEntry[]): string | null {
  const packed = packBatch(entries);
  return packed === undefined ? null : JSON.stringify(packed);
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

/** A `logs.batch.packed` frame around a packed batch already serialised. */
export function packedBatchFrame(sub: string, linesJson: string): string {
  return `{"subject":"logs.batch.packed","data":{"sub":${JSON.stringify(sub)},"lines":${linesJson}}}`;
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
