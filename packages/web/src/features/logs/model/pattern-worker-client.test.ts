import type { LinePatternSpec } from '@bosun/protocol/safe-pattern';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakePatternWorkers, type Runaway } from '../testing/fake-pattern-workers.ts';
import { viewLine } from '../testing/view-entries.ts';
import type { ViewLine } from './log-types.ts';
import { type PatternStatus, PatternWorkerClient } from './pattern-worker-client.ts';

const RUNAWAY: LinePatternSpec = { query: '(a+)+$', regex: true, caseSensitive: false };
const LOOKAHEAD_RUNAWAY: LinePatternSpec = { query: '(a+)+(?=b)', regex: true, caseSensitive: false };
const ORDINARY: LinePatternSpec = { query: 'a$', regex: true, caseSensitive: false };

// Both runaway patterns never finish on V8's engine; the linear engine finishes anything.
const runaway: Runaway = (spec, engine) => engine === 'native' && spec.query.startsWith('(a+)+');

function setUp(lines: ViewLine[]) {
  const workers = new FakePatternWorkers(runaway);
  const statuses: PatternStatus[] = [];
  const client = new PatternWorkerClient({
    start: workers.start,
    lines: () => lines,
    onStatus: (status) => statuses.push(status),
    deadlineMs: 1000,
  });
  client.add(lines);
  return { workers, statuses, client };
}

const held = [
  viewLine('a', 1, 0, { text: 'alpha' }),
  viewLine('a', 2, 1, { text: `${'a'.repeat(100)}b` }),
  viewLine('a', 3, 2, { text: 'beta gamma' }),
];

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('PatternWorkerClient', () => {
  it('answers judge and ranges from the worker, which holds the lines it was given', async () => {
    const { client, workers } = setUp(held);
    client.setPattern(ORDINARY);
    expect(await client.judge(held)).toEqual(new Uint8Array([1, 0, 1]));
    expect(await client.ranges(['xa', 'b'])).toEqual([[[1, 2]], []]);
    expect(workers.started).toHaveLength(1);
    expect(client.status).toEqual({ state: 'native' });
  });

  it('answers null for requests of a pattern replaced since, and nothing without a pattern', async () => {
    const { client } = setUp(held);
    client.setPattern(ORDINARY);
    const old = client.judge(held);
    client.setPattern({ ...ORDINARY, query: 'beta' });
    expect(await old).toBeNull();
    expect(await client.judge(held)).toEqual(new Uint8Array([0, 0, 1]));
    client.setPattern(null);
    expect(await client.judge(held)).toBeNull();
  });

  it('replaces a worker stuck on a runaway match and runs that pattern on the linear engine', async () => {
    const { client, workers, statuses } = setUp(held);
    client.setPattern(RUNAWAY);
    const verdicts = client.judge(held);
    await vi.advanceTimersByTimeAsync(999);
    expect(workers.latest.stuck).toBe(true);
    expect(workers.started).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(workers.started).toHaveLength(2);
    expect(workers.started[0]?.terminated).toBe(true);
    // The fresh worker got every line again, then the pattern on the linear engine.
    expect(workers.latest.received.slice(0, 2)).toEqual([
      { type: 'add', ids: held.map((line) => line.id), texts: held.map((line) => line.plain) },
      { type: 'pattern', spec: RUNAWAY, engine: 'linear' },
    ]);
    expect(await verdicts).toEqual(new Uint8Array([1, 0, 1]));
    expect(statuses).toEqual([{ state: 'native' }, { state: 'linear' }]);
  });

  it('does not blame the current pattern for a runaway match of the one before', async () => {
    const { client, workers } = setUp(held);
    client.setPattern(RUNAWAY);
    const old = client.judge(held);
    await vi.advanceTimersByTimeAsync(10);
    client.setPattern(ORDINARY);
    const current = client.judge(held);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await old).toBeNull();
    expect(await current).toEqual(new Uint8Array([1, 0, 1]));
    expect(workers.latest.received.at(1)).toEqual({ type: 'pattern', spec: ORDINARY, engine: 'native' });
    expect(client.status).toEqual({ state: 'native' });
  });

  it('fails with a sentence when the linear engine cannot run the runaway pattern', async () => {
    const { client, statuses } = setUp(held);
    client.setPattern(LOOKAHEAD_RUNAWAY);
    const verdicts = client.judge(held);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await verdicts).toBeNull();
    expect(statuses.at(-1)).toEqual({
      state: 'failed',
      message:
        'This pattern backtracks too much on these lines, and the linear regex engine cannot run lookahead ((?=…), (?!…))',
    });
    expect(await client.judge(held)).toBeNull();
  });

  it('fails every regex, saying why, when the worker cannot start', async () => {
    const workers = new FakePatternWorkers();
    workers.failToStart = 'blocked by the page';
    const statuses: PatternStatus[] = [];
    const client = new PatternWorkerClient({
      start: workers.start,
      lines: () => [],
      onStatus: (status) => statuses.push(status),
    });
    client.setPattern(ORDINARY);
    expect(await client.judge(held)).toBeNull();
    client.setPattern({ ...ORDINARY, query: 'other' });
    expect(statuses.at(-1)).toEqual({
      state: 'failed',
      message: 'The search worker stopped (blocked by the page)',
    });
  });

  it('starts no worker until it has lines or a pattern, and a fresh one after dispose', async () => {
    const workers = new FakePatternWorkers();
    const client = new PatternWorkerClient({ start: workers.start, lines: () => held, onStatus: () => {} });
    client.setPattern(null);
    client.drop(held);
    expect(workers.started).toHaveLength(0);
    client.setPattern(ORDINARY);
    expect(workers.started).toHaveLength(1);
    client.dispose();
    expect(workers.latest.terminated).toBe(true);
    expect(await client.judge(held)).toEqual(new Uint8Array([1, 0, 1]));
    expect(workers.started).toHaveLength(2);
  });
});
