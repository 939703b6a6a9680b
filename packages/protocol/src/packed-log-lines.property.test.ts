import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decode } from './decode.ts';
import { encodePush } from './encode.ts';
import { EXAMPLE_CONTAINER_ID } from './examples.ts';
import { MAX_BATCH_LINES } from './limits.ts';
import { type LogLine, MAX_LINE_TEXT_LENGTH } from './logs.ts';
import { packBatch, unpackLogLines } from './packed-log-lines.ts';
import { anyString, dockerTimestamp } from './testing/arbitraries.ts';

const RUNS = 2_000;

const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

// Lines as a producer makes them: cut at "\n", so no text holds one.
const flags = fc.record(
  { truncated: fc.constant(true as const), partial: fc.constant(true as const) },
  { requiredKeys: [], noNullPrototype: true },
);
const line = fc
  .record({
    ts: dockerTimestamp,
    stream: fc.constantFrom('stdout' as const, 'stderr' as const),
    text: anyString(120).map((text) => text.replaceAll('\n', '')),
    bytes: fc.option(fc.uint8Array({ maxLength: 90 }), { nil: undefined }),
    flags,
  })
  .map(({ ts, stream, text, bytes, flags }): Omit<LogLine, 'seq' | 'kind'> => {
    if (bytes === undefined) return { ts, stream, text, ...flags };
    return { ts, stream, text: base64(bytes), encoding: 'base64', ...flags };
  });
const batch = fc
  .tuple(
    fc.nat({ max: Number.MAX_SAFE_INTEGER - MAX_BATCH_LINES }),
    fc.array(line, { minLength: 1, maxLength: 30 }),
  )
  .map(([from, lines]) => lines.map((l, i): LogLine => ({ kind: 'line', seq: from + i, ...l })));

describe('a packed batch', () => {
  it('round-trips a batch of lines exactly through encodePush, decode and unpack', () => {
    fc.assert(
      fc.property(batch, (lines) => {
        const packed = packBatch(lines);
        expect(packed).toBeDefined();
        const decoded = decode(
          encodePush('log.batch.packed', { container: EXAMPLE_CONTAINER_ID, lines: packed! }),
        );
        if (!decoded.ok || decoded.frame.subject !== 'log.batch.packed') throw new Error('refused');
        expect(unpackLogLines(decoded.frame.data.lines)).toStrictEqual(lines);
      }),
      { numRuns: RUNS },
    );
  });

  it('is not made of a batch with a marker, a jump in seq or a line holding "\\n"', () => {
    const [a, b] = [0, 1].map(
      (seq): LogLine => ({ kind: 'line', seq, ts: '2026-11-25T03:19:26.1Z', stream: 'stdout', text: 'x' }),
    ) as [LogLine, LogLine];
    expect(packBatch([a, { ...b, seq: 2 }])).toBeUndefined();
    expect(packBatch([a, { kind: 'gap', fromSeq: 1, toSeq: 1, reason: 'docker_behind' }])).toBeUndefined();
    expect(packBatch([a, { ...b, text: 'x\ny' }])).toBeUndefined();
    expect(packBatch([])).toBeUndefined();
  });

  it('from a hostile peer never makes decode throw, and unpacks within its bounds when accepted', () => {
    const index = fc.integer({ min: -2, max: 40 });
    const hostile = fc.record(
      {
        kind: fc.oneof(fc.constant('lines'), anyString(6)),
        seq: fc.oneof(fc.nat(), fc.integer(), fc.double()),
        ts: fc.array(fc.oneof(dockerTimestamp, anyString(12)), { maxLength: 40 }),
        streams: fc.oneof(fc.stringMatching(/^[oe]{0,40}$/), anyString(40)),
        text: fc.array(fc.oneof(anyString(20), fc.constant('/w=='), fc.constant('')), { maxLength: 40 }),
        joiner: fc.constantFrom('\n', '\r\n', ''),
        tail: fc.constantFrom('\n', '', 'x'),
        base64: fc.array(index, { maxLength: 6 }),
        truncated: fc.array(index, { maxLength: 6 }),
        partial: fc.array(index, { maxLength: 6 }),
      },
      { requiredKeys: ['ts', 'streams', 'text'], noNullPrototype: true },
    );
    fc.assert(
      fc.property(hostile, ({ text, joiner, tail, ...rest }) => {
        const data = { container: EXAMPLE_CONTAINER_ID, lines: { ...rest, text: text.join(joiner) + tail } };
        const decoded = decode(JSON.stringify({ subject: 'log.batch.packed', data }));
        if (!decoded.ok) return true;
        if (decoded.frame.subject !== 'log.batch.packed') return false;
        const pack = decoded.frame.data.lines;
        const lines = unpackLogLines(pack);
        return (
          lines.length === pack.ts.length &&
          lines.length <= MAX_BATCH_LINES &&
          lines.every(
            (l, i) =>
              l.seq === pack.seq + i && l.text.length <= MAX_LINE_TEXT_LENGTH && !l.text.includes('\n'),
          )
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('of more than a batch of lines is refused', () => {
    const count = MAX_BATCH_LINES + 1;
    const lines = {
      kind: 'lines',
      seq: 0,
      ts: Array.from({ length: count }, () => '2026-11-25T03:19:26.1Z'),
      streams: 'o'.repeat(count),
      text: 'x\n'.repeat(count),
    };
    const decoded = decode(
      JSON.stringify({ subject: 'log.batch.packed', data: { container: EXAMPLE_CONTAINER_ID, lines } }),
    );
    expect(decoded.ok).toBe(false);
  });
});
