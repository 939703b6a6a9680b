import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakePatternWorkers } from '../testing/fake-pattern-workers.ts';
import { viewLine, viewMarker } from '../testing/view-entries.ts';
import { FilterPipeline, LINEAR_NOTICE } from './filter-pipeline.ts';
import { LogBuffer } from './log-buffer.ts';
import { DEFAULT_FILTER, FilteredView, type FilterSpec } from './log-filter.ts';
import type { ViewEntry } from './log-types.ts';

function spec(query: string, regex: boolean, overrides: Partial<FilterSpec> = {}): FilterSpec {
  return { ...DEFAULT_FILTER, search: { query, regex, caseSensitive: false }, mode: 'only', ...overrides };
}

function setUp(maxLines = 100, workers = new FakePatternWorkers()) {
  const buffer = new LogBuffer({ maxLines });
  let changes = 0;
  const pipeline = new FilterPipeline({
    entries: () => buffer.entries(),
    start: workers.start,
    onChange: () => {
      changes++;
    },
    deadlineMs: 1000,
  });
  const append = (entries: ViewEntry[]) => pipeline.applyChange(buffer.append(entries), buffer.droppedMarker);
  return { buffer, pipeline, workers, append, changes: () => changes };
}

function texts(pipeline: FilterPipeline): string[] {
  return pipeline.view.items().map((entry) => entry.text);
}

// Every fake worker answer is a microtask; a macrotask comes after all of them.
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.useRealTimers();
});

describe('FilterPipeline', () => {
  it('filters substring searches at once, without a worker', () => {
    const { pipeline, append, workers } = setUp();
    pipeline.setFilter(spec('err', false));
    append([viewLine('a', 1, 0, { text: 'an error' }), viewLine('a', 2, 1, { text: 'fine' })]);
    expect(texts(pipeline)).toEqual(['an error']);
    expect(pipeline.highlighter?.('ERR err')).toEqual([
      [0, 3],
      [4, 7],
    ]);
    // The lines went to the worker all the same, for a regex that may come.
    expect(workers.started).toHaveLength(1);
  });

  it('runs a regex in the worker, showing the previous filter until every verdict is in', async () => {
    vi.useFakeTimers();
    const workers = new FakePatternWorkers((search) => search.query === 'slow');
    const { pipeline, append } = setUp(100, workers);
    append([viewLine('a', 1, 0, { text: 'GET /items/942' }), viewLine('a', 2, 1, { text: 'GET /items/17' })]);
    pipeline.setFilter(spec('items/9\\d+', true));
    expect(texts(pipeline)).toEqual(['GET /items/942', 'GET /items/17']);
    await vi.advanceTimersByTimeAsync(0);
    expect(pipeline.searchState).toEqual({ searching: false, notice: null });
    expect(texts(pipeline)).toEqual(['GET /items/942']);
    expect(pipeline.view.matchCount).toBe(1);
    // A pass still running after 150 ms is said to be searching.
    pipeline.setFilter(spec('slow', true));
    await vi.advanceTimersByTimeAsync(149);
    expect(pipeline.searchState.searching).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pipeline.searchState.searching).toBe(true);
    expect(texts(pipeline)).toEqual(['GET /items/942']);
  });

  it('marks matches with ranges the worker computed, asking again after a change of pattern', async () => {
    const { pipeline, changes } = setUp();
    pipeline.setFilter(spec('o+', true));
    await settled();
    const before = changes();
    expect(pipeline.highlighter?.('foo boo')).toEqual([]);
    await settled();
    expect(changes()).toBeGreaterThan(before);
    expect(pipeline.highlighter?.('foo boo')).toEqual([
      [1, 3],
      [5, 7],
    ]);
    pipeline.setFilter(spec('b', true));
    await settled();
    expect(pipeline.highlighter?.('foo boo')).toEqual([]);
    await settled();
    expect(pipeline.highlighter?.('foo boo')).toEqual([[4, 5]]);
  });

  it('keeps the view in step with the buffer through appends and evictions, as a recompute would', async () => {
    let seed = 11;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const filter = spec('^(foo|baz)', true, { streams: 'stdout' });
    const { buffer, pipeline, append } = setUp(200);
    pipeline.setFilter(filter);
    const words = ['foo', 'bar', 'baz', 'qux'];
    const seqs = [0, 0, 0];
    for (let round = 0; round < 150; round++) {
      const batch: ViewEntry[] = [];
      for (let k = Math.floor(random() * 6); k > 0; k--) {
        const s = Math.floor(random() * 3);
        seqs[s] = (seqs[s] ?? 0) + 1;
        batch.push(
          random() < 0.1
            ? viewMarker('restart', `s${s}`, round * 10 + Math.floor(random() * 40), 'restart')
            : viewLine(`s${s}`, seqs[s] ?? 0, round * 10 + Math.floor(random() * 40), {
                text: `${words[Math.floor(random() * 4)]} ${round}`,
                stream: random() < 0.3 ? 'stderr' : 'stdout',
              }),
        );
      }
      append(batch);
      // Some changes land while others still wait for their verdicts.
      if (random() < 0.5) await settled();
    }
    await settled();
    const fresh = new FilteredView(filter, buffer.entries());
    expect(buffer.droppedCount).toBeGreaterThan(0);
    expect(pipeline.view.items().map((e) => e.id)).toEqual(fresh.items().map((e) => e.id));
    expect(pipeline.view.matchCount).toBe(fresh.matchCount);
  });

  it('starts over after buffer.clear()', async () => {
    const { buffer, pipeline, append } = setUp();
    pipeline.setFilter(spec('a', true));
    append([viewLine('a', 1, 0, { text: 'a' })]);
    await settled();
    expect(texts(pipeline)).toEqual(['a']);
    buffer.clear();
    pipeline.reset();
    await settled();
    expect(texts(pipeline)).toEqual([]);
    append([viewLine('a', 2, 1, { text: 'b' }), viewLine('a', 3, 2, { text: 'ab' })]);
    await settled();
    expect(texts(pipeline)).toEqual(['ab']);
  });

  it('moves a runaway regex to the linear engine and says so', async () => {
    vi.useFakeTimers();
    const workers = new FakePatternWorkers(
      (search, engine) => engine === 'native' && search.query === '(a+)+$',
    );
    const { pipeline, append } = setUp(100, workers);
    append([viewLine('a', 1, 0, { text: 'alpha' }), viewLine('a', 2, 1, { text: `${'a'.repeat(64)}b` })]);
    pipeline.setFilter(spec('(a+)+$', true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(pipeline.searchState).toEqual({ searching: false, notice: LINEAR_NOTICE });
    expect(texts(pipeline)).toEqual(['alpha']);
    append([viewLine('a', 3, 2, { text: 'beta' })]);
    await vi.advanceTimersByTimeAsync(0);
    expect(texts(pipeline)).toEqual(['alpha', 'beta']);
    pipeline.setFilter(spec('et', true));
    await vi.advanceTimersByTimeAsync(0);
    expect(pipeline.searchState.notice).toBeNull();
    expect(texts(pipeline)).toEqual(['beta']);
  });

  it('shows why a regex cannot run and filters as if there were no search', async () => {
    vi.useFakeTimers();
    const workers = new FakePatternWorkers((_search, engine) => engine === 'native');
    const { pipeline, append } = setUp(100, workers);
    append([viewLine('a', 1, 0, { text: 'ab' }), viewLine('a', 2, 1, { text: 'cd' })]);
    pipeline.setFilter(spec('a(?=b)', true));
    await vi.advanceTimersByTimeAsync(2000);
    expect(pipeline.view.error).toBe(
      'This pattern backtracks too much on these lines, and the linear regex engine cannot run lookahead ((?=…), (?!…))',
    );
    expect(texts(pipeline)).toEqual(['ab', 'cd']);
    expect(pipeline.highlighter).toBeNull();
  });

  it('reports an invalid regex at once, as JavaScript words it', () => {
    const { pipeline } = setUp();
    pipeline.setFilter(spec('a(b', true));
    expect(pipeline.view.error).toBe('Invalid regular expression: Unterminated group');
    expect(pipeline.searchState.searching).toBe(false);
  });
});
