import type { LogEntry } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { gapMarker, noticeMarker, toViewEntries } from './decode-entry.ts';
import type { ViewLine } from './log-types.ts';
import { tsKeyOf } from './timestamps.ts';

function counter(start = 1): () => number {
  let next = start;
  return () => next++;
}

const TS = '2026-11-25T06:30:00.123456789Z';

function line(overrides: Partial<Extract<LogEntry, { kind: 'line' }>> = {}): LogEntry {
  return { kind: 'line', seq: 1, ts: TS, stream: 'stdout', text: 'hello', ...overrides };
}

function bytesToBase64(bytes: number[]): string {
  return btoa(String.fromCharCode(...bytes));
}

describe('toViewEntries', () => {
  it('converts a plain line', () => {
    const [view] = toViewEntries('web/api', [line({ seq: 7, stream: 'stderr' })], counter(5));
    expect(view).toEqual({
      kind: 'line',
      id: 5,
      source: 'web/api',
      seq: 7,
      ts: TS,
      tsKey: tsKeyOf(TS),
      stream: 'stderr',
      text: 'hello',
      plain: 'hello',
      level: null,
      json: false,
      truncated: false,
      partial: false,
      binary: false,
    } satisfies ViewLine);
  });

  it('keeps ANSI in text and strips it for plain, level and JSON', () => {
    const [ansi] = toViewEntries(
      'a/b',
      [line({ text: '\x1b[31m[ERROR]\x1b[0m boom' })],
      counter(),
    ) as ViewLine[];
    expect(ansi?.text).toBe('\x1b[31m[ERROR]\x1b[0m boom');
    expect(ansi?.plain).toBe('[ERROR] boom');
    expect(ansi?.level).toBe('error');
    const [json] = toViewEntries(
      'a/b',
      [line({ text: '{"level":"warn","msg":"slow"}' })],
      counter(),
    ) as ViewLine[];
    expect(json?.json).toBe(true);
    expect(json?.level).toBe('warn');
  });

  it('decodes base64 lines, replacing bytes that are not UTF-8', () => {
    const text = bytesToBase64([0x68, 0x69, 0xff, 0xc3, 0xa9]);
    const [view] = toViewEntries('a/b', [line({ text, encoding: 'base64' })], counter()) as ViewLine[];
    expect(view?.text).toBe('hi\ufffdé');
    expect(view?.binary).toBe(true);
  });

  it('carries truncated and partial', () => {
    const [view] = toViewEntries('a/b', [line({ truncated: true, partial: true })], counter()) as ViewLine[];
    expect(view?.truncated).toBe(true);
    expect(view?.partial).toBe(true);
  });

  it('turns restart, gap and end entries into markers with readable text', () => {
    const later = '2026-11-25T06:30:01Z';
    const views = toViewEntries(
      'a/b',
      [
        line({ seq: 1 }),
        { kind: 'restart', afterSeq: 1, ts: later },
        { kind: 'gap', fromSeq: 2, toSeq: 1235, reason: 'subscriber_behind' },
        { kind: 'gap', fromSeq: 1236, toSeq: 1236, reason: 'agent_backpressure' },
        { kind: 'end', afterSeq: 1236, reason: 'stopped' },
        { kind: 'end', afterSeq: 1236, reason: 'error', message: 'Docker went away' },
      ],
      counter(),
    );
    expect(views.slice(1).map((v) => [v.kind, v.text])).toEqual([
      ['restart', 'Container restarted'],
      ['gap', '1,234 lines skipped (viewer fell behind)'],
      ['gap', "1 line skipped (the host's agent fell behind)"],
      ['end', 'Stream ended: container stopped'],
      ['end', 'Stream ended: Docker went away'],
    ]);
    expect(views[1]).toMatchObject({ source: 'a/b', ts: later, tsKey: tsKeyOf(later) });
    // Untimed markers sit at the key of the entry before them.
    expect(views[2]).toMatchObject({ ts: null, tsKey: tsKeyOf(later) });
    expect(views.map((v) => v.id)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('marker helpers', () => {
  it('builds gap and notice markers', () => {
    expect(gapMarker('a/b', { count: 3, reason: 'ring_evicted' }, counter(9))).toEqual({
      kind: 'gap',
      id: 9,
      source: 'a/b',
      ts: null,
      tsKey: 0n,
      text: '3 lines skipped (no longer kept by the manager)',
    });
    expect(noticeMarker(null, 'Reconnected', counter(), TS)).toMatchObject({
      kind: 'notice',
      ts: TS,
      tsKey: tsKeyOf(TS),
    });
  });
});
