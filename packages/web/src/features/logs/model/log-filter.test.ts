import { describe, expect, it } from 'vitest';
import { viewLine, viewMarker } from '../testing/view-entries.ts';
import { LogBuffer } from './log-buffer.ts';
import { DEFAULT_FILTER, FilteredView, type FilterSpec } from './log-filter.ts';
import type { Level, ViewEntry } from './log-types.ts';

function spec(overrides: Partial<FilterSpec> & { query?: string; regex?: boolean } = {}): FilterSpec {
  const { query = '', regex = false, ...rest } = overrides;
  return { ...DEFAULT_FILTER, search: { query, regex, caseSensitive: false }, ...rest };
}

function texts(view: FilteredView): string[] {
  return view.items().map((e) => e.text);
}

const sample: ViewEntry[] = [
  viewLine('a', 1, 0, { text: 'starting up', level: 'info' }),
  viewLine('a', 2, 1, { text: 'disk ERROR', level: 'error', stream: 'stderr' }),
  viewMarker('restart', 'a', 2, 'Container restarted'),
  viewLine('b', 1, 3, { text: 'plain chatter' }),
  viewLine('b', 2, 4, { text: 'another error', stream: 'stderr', level: 'warn' }),
  viewMarker('notice', null, 5, 'Reconnected'),
];

describe('FilteredView filters', () => {
  it('shows everything by default', () => {
    const view = new FilteredView(DEFAULT_FILTER, sample);
    expect(view.items()).toEqual(sample);
    expect(view.matchCount).toBe(0);
  });

  it('hides lines by stream, keeping markers', () => {
    const view = new FilteredView(spec({ streams: 'stderr' }), sample);
    expect(texts(view)).toEqual(['disk ERROR', 'Container restarted', 'another error', 'Reconnected']);
  });

  it('hides lines by level, with none for lines without one', () => {
    const view = new FilteredView(spec({ levels: new Set<Level | 'none'>(['error', 'none']) }), sample);
    expect(texts(view)).toEqual(['disk ERROR', 'Container restarted', 'plain chatter', 'Reconnected']);
  });

  it('hides lines and markers of sources filtered out, not markers without a source', () => {
    const view = new FilteredView(spec({ sources: new Set(['b']) }), sample);
    expect(texts(view)).toEqual(['plain chatter', 'another error', 'Reconnected']);
  });

  it('in only mode shows matching lines and all markers', () => {
    const view = new FilteredView(spec({ query: 'error', mode: 'only' }), sample);
    expect(texts(view)).toEqual(['disk ERROR', 'Container restarted', 'another error', 'Reconnected']);
    expect(view.matchCount).toBe(2);
  });

  it('in highlight mode hides nothing and counts matches', () => {
    const view = new FilteredView(spec({ query: 'error', mode: 'highlight' }), sample);
    expect(view.items()).toHaveLength(sample.length);
    expect(view.matchCount).toBe(2);
    expect(view.isMatch(sample[1] as ViewEntry)).toBe(true);
    expect(view.isMatch(sample[0] as ViewEntry)).toBe(false);
  });

  it('combines the search with the other filters for the count', () => {
    const view = new FilteredView(
      spec({ query: 'error', streams: 'stderr', sources: new Set(['a']) }),
      sample,
    );
    expect(view.matchCount).toBe(1);
  });

  it('reports an invalid regex and shows everything meanwhile', () => {
    const view = new FilteredView(spec({ query: '(', regex: true, mode: 'only' }), sample);
    expect(view.error).toMatch(/^Invalid regular expression/);
    expect(view.items()).toHaveLength(sample.length);
    view.setFilter(spec({ query: '(e)rror', regex: true, mode: 'only' }), sample);
    expect(view.error).toBeNull();
    expect(view.matchCount).toBe(2);
  });
});

describe('FilteredView in step with a LogBuffer', () => {
  it('inserts appended entries where the buffer put them', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    const view = new FilteredView(spec({ query: 'keep', mode: 'only' }));
    view.applyChange(
      buffer.append([viewLine('a', 1, 0, { text: 'keep a1' }), viewLine('a', 2, 20, { text: 'keep a2' })]),
      null,
    );
    view.applyChange(
      buffer.append([viewLine('b', 1, 10, { text: 'keep b1' }), viewLine('b', 2, 15, { text: 'skip b2' })]),
      buffer.droppedMarker,
    );
    expect(texts(view)).toEqual(['keep a1', 'keep b1', 'keep a2']);
    expect(view.matchCount).toBe(3);
  });

  it('gives a new array only when something changed', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    const view = new FilteredView(spec({ streams: 'stdout' }));
    const first = view.items();
    expect(view.items()).toBe(first);
    view.applyChange(buffer.append([viewLine('a', 1, 0, { stream: 'stderr' })]), null);
    expect(view.items()).toBe(first);
    view.applyChange(buffer.append([viewLine('a', 2, 1)]), null);
    expect(view.items()).not.toBe(first);
  });

  it('drops evicted entries from the top and shows the dropped marker', () => {
    const buffer = new LogBuffer({ maxLines: 3 });
    const view = new FilteredView(spec({ query: 'x' }));
    view.applyChange(buffer.append([1, 2, 3].map((i) => viewLine('a', i, i, { text: `x${i}` }))), null);
    view.applyChange(
      buffer.append([4, 5].map((i) => viewLine('a', i, i, { text: `y${i}` }))),
      buffer.droppedMarker,
    );
    expect(texts(view)).toEqual(['2 older lines dropped from this view (limit 3)', 'x3', 'y4', 'y5']);
    expect(view.matchCount).toBe(1);
    view.applyChange(buffer.setMaxLines(1), buffer.droppedMarker);
    expect(texts(view)).toEqual(['4 older lines dropped from this view (limit 1)', 'y5']);
    expect(view.matchCount).toBe(0);
    buffer.clear();
    view.rebuild(buffer.entries());
    expect(view.items()).toEqual([]);
  });

  it('matches a full recompute after random appends and evictions', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const filter = spec({
      query: 'o',
      mode: 'only',
      streams: 'stdout',
      sources: new Set(['s0', 's1', 's2']),
    });
    const buffer = new LogBuffer({ maxLines: 300 });
    const view = new FilteredView(filter);
    const seqs = [0, 0, 0, 0];
    for (let round = 0; round < 300; round++) {
      const batch: ViewEntry[] = [];
      for (let k = Math.floor(random() * 6); k > 0; k--) {
        const s = Math.floor(random() * 4);
        seqs[s] = (seqs[s] ?? 0) + 1;
        const words = ['foo', 'bar', 'baz', 'qux'];
        batch.push(
          random() < 0.1
            ? viewMarker('restart', `s${s}`, round * 10 + Math.floor(random() * 40), 'restart')
            : viewLine(`s${s}`, seqs[s] ?? 0, round * 10 + Math.floor(random() * 40), {
                text: words[Math.floor(random() * 4)] ?? 'foo',
                stream: random() < 0.3 ? 'stderr' : 'stdout',
              }),
        );
      }
      view.applyChange(buffer.append(batch), buffer.droppedMarker);
    }
    const fresh = new FilteredView(filter, buffer.entries());
    expect(view.items().map((e) => e.id)).toEqual(fresh.items().map((e) => e.id));
    expect(view.matchCount).toBe(fresh.matchCount);
    expect(buffer.droppedCount).toBeGreaterThan(0);
  });
});

describe('FilteredView at scale', () => {
  it('recomputes over 100,000 lines correctly', () => {
    const words = ['GET /api/users 200', 'connection reset by peer', 'cache miss for key', 'ERROR timeout'];
    const levels: Array<Level | null> = ['info', 'warn', null, 'error'];
    const buffer = new LogBuffer({ maxLines: 100_000 });
    const batch: ViewEntry[] = [];
    for (let i = 0; i < 100_000; i++) {
      const text = `${i} ${words[i % 4]} request_id=${(i * 7919) % 100_003}`;
      batch.push(
        viewLine(`host/c${i % 5}`, Math.floor(i / 5) + 1, i, {
          text,
          level: levels[i % 4] ?? null,
          stream: i % 3 === 0 ? 'stderr' : 'stdout',
        }),
      );
    }
    buffer.append(batch);
    expect(buffer.lineCount).toBe(100_000);
    const view = new FilteredView();
    const filter = spec({
      query: 'Error',
      mode: 'only',
      levels: new Set<Level | 'none'>(['error', 'warn', 'none']),
    });

    view.setFilter(filter, buffer.entries());

    const expected = buffer
      .entries()
      .filter((e) => e.kind === 'line' && e.level === 'error' && e.plain.toLowerCase().includes('error'));
    expect(view.items()).toEqual(expected);
    expect(view.matchCount).toBe(25_000);

    view.setFilter(
      { ...filter, levels: null, search: { query: 'request_id=9\\d*$', regex: true, caseSensitive: true } },
      buffer.entries(),
    );
    expect(view.matchCount).toBe(
      buffer.entries().filter((e) => e.kind === 'line' && /request_id=9\d*$/.test(e.plain)).length,
    );
  });
});

describe('FilteredView with older entries', () => {
  it('places them above held entries of the same stamp', () => {
    const view = new FilteredView(DEFAULT_FILTER, []);
    view.onAppend([viewLine('a', 5, 10)]);
    view.applyChange({ added: [viewLine('a', 4, 10)], removed: [], older: true }, null);
    expect(view.items().map((e) => e.text)).toEqual(['a line 4', 'a line 5']);
  });
});
