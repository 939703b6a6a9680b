// Builders for tests: view entries with only what a test cares about spelled out.
import type { Level, SourceKey, ViewLine, ViewMarker } from '../model/log-types.ts';

let ids = 0;

/** A fresh entry id, as the UI's counter gives. */
export function nextTestId(): number {
  ids += 1;
  return ids;
}

const BASE_SECONDS = 1_795_576_766; // 2026-11-25T03:19:26Z

/** A stamp `offset` milliseconds after a fixed instant. */
export function stampAt(offsetMs: number): string {
  const date = new Date(BASE_SECONDS * 1000 + offsetMs);
  return `${date.toISOString().slice(0, 23)}000000Z`;
}

/** The ordering key of `stampAt(offsetMs)`. */
export function keyAt(offsetMs: number): bigint {
  return (BigInt(BASE_SECONDS) * 1000n + BigInt(offsetMs)) * 1_000_000n;
}

/** A stdout line of `source` at `atMs`, with the text `<source> line <seq>` unless overridden. */
export function viewLine(
  source: SourceKey,
  seq: number,
  atMs: number,
  overrides: Partial<Omit<ViewLine, 'kind'>> & { level?: Level | null } = {},
): ViewLine {
  const text = overrides.text ?? `${source} line ${seq}`;
  return {
    kind: 'line',
    id: nextTestId(),
    source,
    seq,
    ts: stampAt(atMs),
    tsKey: keyAt(atMs),
    stream: 'stdout',
    text,
    plain: text,
    level: null,
    json: false,
    truncated: false,
    partial: false,
    binary: false,
    ...overrides,
  };
}

/** A marker of `source` at `atMs`; null `atMs` makes an untimed marker. */
export function viewMarker(
  kind: ViewMarker['kind'],
  source: SourceKey | null,
  atMs: number | null,
  text: string = kind,
): ViewMarker {
  return {
    kind,
    id: nextTestId(),
    source,
    ts: atMs === null ? null : stampAt(atMs),
    tsKey: atMs === null ? 0n : keyAt(atMs),
    text,
  };
}
