import { detectLevel, type LogEntry, type LogGapReason, type LogLine } from '@bosun/protocol';
import { stripAnsi } from './ansi.ts';
import { parseJsonLine } from './json-line.ts';
import type { SourceKey, ViewEntry, ViewLine, ViewMarker } from './log-types.ts';
import { endText, gapText, restartText } from './marker-text.ts';
import { tsKeyOf } from './timestamps.ts';

// Not fatal: a line that is not UTF-8 still shows, with U+FFFD where bytes did not decode.
const lenient = new TextDecoder('utf-8');

function fromBase64(text: string): string {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    // The protocol checked it is base64; should it not be, the text shows as it came.
    return text;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return lenient.decode(bytes);
}

function toViewLine(source: SourceKey, line: LogLine, id: number): ViewLine {
  const binary = line.encoding === 'base64';
  const text = binary ? fromBase64(line.text) : line.text;
  // The hot path (thousands of lines a second): no ANSI work without an ESC, and parseJsonLine
  // gives up after a character check unless the line starts with `{`.
  const plain = text.includes('\x1b') ? stripAnsi(text) : text;
  const json = parseJsonLine(plain);
  return {
    kind: 'line',
    id,
    source,
    seq: line.seq,
    ts: line.ts,
    tsKey: tsKeyOf(line.ts),
    stream: line.stream,
    text,
    plain,
    level: detectLevel(plain, json),
    json: json !== null,
    truncated: line.truncated === true,
    partial: line.partial === true,
    binary,
  };
}

function marker(
  kind: ViewMarker['kind'],
  source: SourceKey | null,
  ts: string | undefined,
  fallbackKey: bigint,
  text: string,
  id: number,
): ViewMarker {
  return { kind, id, source, ts: ts ?? null, tsKey: ts === undefined ? fallbackKey : tsKeyOf(ts), text };
}

/**
 * Protocol entries of one source as view entries, each line decoded and classified once here so
 * that rendering and filtering never repeat the work. A marker without a timestamp borrows the
 * key of the entry before it in the batch (LogBuffer places such markers after their source's
 * last entry anyway).
 */
export function toViewEntries(source: SourceKey, entries: LogEntry[], nextId: () => number): ViewEntry[] {
  const out: ViewEntry[] = new Array(entries.length);
  let lastKey = 0n;
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as LogEntry;
    let view: ViewEntry;
    switch (entry.kind) {
      case 'line':
        view = toViewLine(source, entry, nextId());
        break;
      case 'restart':
        view = marker('restart', source, entry.ts, lastKey, restartText(entry.reason), nextId());
        break;
      case 'gap':
        view = marker(
          'gap',
          source,
          undefined,
          lastKey,
          gapText(entry.toSeq - entry.fromSeq + 1, entry.reason),
          nextId(),
        );
        break;
      case 'end':
        view = marker('end', source, entry.ts, lastKey, endText(entry.reason, entry.message), nextId());
        break;
    }
    lastKey = view.tsKey;
    out[i] = view;
  }
  return out;
}

/** The marker for a `logs.gap` push (LogSession's 'gap' event): lines this viewer will not get. */
export function gapMarker(
  source: SourceKey,
  gap: { count: number; reason: LogGapReason },
  nextId: () => number,
): ViewMarker {
  return marker('gap', source, undefined, 0n, gapText(gap.count, gap.reason), nextId());
}

/** A marker the UI adds itself: "Reconnected", "Agent offline", "Container was recreated"… */
export function noticeMarker(
  source: SourceKey | null,
  text: string,
  nextId: () => number,
  ts?: string,
): ViewMarker {
  return marker('notice', source, ts, 0n, text, nextId());
}
