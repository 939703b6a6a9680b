import { describe, expect, it } from 'vitest';
import { keyAt, viewLine, viewMarker } from '../testing/view-entries.ts';
import { DROPPED_MARKER_ID, LogBuffer } from './log-buffer.ts';
import type { ViewEntry } from './log-types.ts';

function texts(buffer: LogBuffer): string[] {
  return buffer.entries().map((e) => e.text);
}

describe('LogBuffer ordering', () => {
  it('appends one source in order and counts lines', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    const before = buffer.version;
    const result = buffer.append([viewLine('a/x', 1, 0), viewLine('a/x', 2, 5)]);
    expect(result.added).toHaveLength(2);
    expect(result.evicted).toBe(0);
    expect(texts(buffer)).toEqual(['a/x line 1', 'a/x line 2']);
    expect(buffer.lineCount).toBe(2);
    expect(buffer.version).toBeGreaterThan(before);
  });

  it('merges sources by time, equal times in arrival order', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 0), viewLine('a', 2, 10), viewLine('a', 3, 20)]);
    buffer.append([viewLine('b', 1, 5), viewLine('b', 2, 10), viewLine('b', 3, 30)]);
    buffer.append([viewLine('c', 1, 10)]);
    expect(texts(buffer)).toEqual([
      'a line 1',
      'b line 1',
      'a line 2',
      'b line 2',
      'c line 1',
      'a line 3',
      'b line 3',
    ]);
  });

  it('interleaves a mixed batch without reordering any source', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 0), viewLine('a', 2, 40)]);
    buffer.append([viewLine('b', 1, 30), viewLine('a', 3, 50), viewLine('b', 2, 35), viewLine('c', 1, 10)]);
    expect(texts(buffer)).toEqual(['a line 1', 'c line 1', 'b line 1', 'b line 2', 'a line 2', 'a line 3']);
  });

  it('keeps a source in order when its clock steps back', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 100), viewLine('b', 1, 60)]);
    const { added } = buffer.append([viewLine('a', 2, 50)]);
    expect(texts(buffer)).toEqual(['b line 1', 'a line 1', 'a line 2']);
    expect(added[0]?.tsKey).toBe(keyAt(100));
  });

  it('puts an untimed marker after its source, or at the end', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 0), viewLine('b', 1, 50)]);
    buffer.append([viewMarker('gap', 'a', null, 'gap a')]);
    buffer.append([viewMarker('notice', null, null, 'notice'), viewMarker('gap', 'z', null, 'gap z')]);
    expect(texts(buffer)).toEqual(['a line 1', 'gap a', 'b line 1', 'notice', 'gap z']);
    // A marker placed at the end does not drag its source's later history there.
    buffer.append([viewLine('z', 1, 10)]);
    expect(texts(buffer)[2]).toBe('z line 1');
  });

  it('matches naive one-by-one insertion for random batches', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const buffer = new LogBuffer({ maxLines: 10_000 });
    const naive: ViewEntry[] = [];
    const seqs = new Map<string, number>();
    const times = new Map<string, number>();
    for (let round = 0; round < 200; round++) {
      const batch: ViewEntry[] = [];
      for (let k = Math.floor(random() * 8); k > 0; k--) {
        const source = `s${Math.floor(random() * 4)}`;
        const seq = (seqs.get(source) ?? 0) + 1;
        seqs.set(source, seq);
        const at = (times.get(source) ?? round * 10) + Math.floor(random() * 30);
        times.set(source, at);
        batch.push(viewLine(source, seq, at));
      }
      for (const entry of buffer.append(batch).added) {
        let i = naive.length;
        while (i > 0 && (naive[i - 1] as ViewEntry).tsKey > entry.tsKey) i--;
        naive.splice(i, 0, entry);
      }
    }
    expect(buffer.entries().map((e) => e.id)).toEqual(naive.map((e) => e.id));
  });
});

describe('LogBuffer sources', () => {
  it("holds every line it is given: whether one is new is the source cursor's call", () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 0), viewLine('a', 2, 1)]);
    const { added } = buffer.append([viewLine('a', 2, 1), viewLine('a', 1, 2)]);
    expect(added).toHaveLength(2);
    expect(buffer.lineCount).toBe(4);
  });

  it('places a source by its own time again after forgetSource', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 50, 100), viewLine('b', 1, 60)]);
    buffer.forgetSource('a');
    buffer.append([viewLine('a', 0, 10)]);
    expect(texts(buffer)).toEqual(['a line 0', 'b line 1', 'a line 50']);
  });

  it('keeps ordering a source after clear', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 1, 100)]);
    buffer.clear();
    buffer.append([viewLine('b', 1, 60), viewLine('a', 2, 50)]);
    expect(texts(buffer)).toEqual(['b line 1', 'a line 2']);
  });
});

describe('LogBuffer bounds', () => {
  it('evicts the oldest lines and keeps one dropped marker on top', () => {
    const buffer = new LogBuffer({ maxLines: 3 });
    buffer.append([viewLine('a', 1, 0), viewLine('a', 2, 1)]);
    const first = buffer.append([viewLine('a', 3, 2), viewLine('a', 4, 3), viewLine('a', 5, 4)]);
    expect(first.evicted).toBe(2);
    expect(first.removed.map((e) => e.text)).toEqual(['a line 1', 'a line 2']);
    expect(texts(buffer)).toEqual([
      '2 older lines dropped from this view (limit 3)',
      'a line 3',
      'a line 4',
      'a line 5',
    ]);
    const marker = buffer.droppedMarker;
    expect(marker).toMatchObject({ kind: 'dropped', id: DROPPED_MARKER_ID, source: null });
    buffer.append([viewLine('a', 6, 5)]);
    expect(buffer.droppedCount).toBe(3);
    expect(buffer.droppedMarker).not.toBe(marker);
    expect(buffer.entries()[0]?.text).toBe('3 older lines dropped from this view (limit 3)');
    expect(buffer.entries().filter((e) => e.kind === 'dropped')).toHaveLength(1);
    expect(buffer.lineCount).toBe(3);
  });

  it('does not count markers, but evicts those older than the lines kept', () => {
    const buffer = new LogBuffer({ maxLines: 2 });
    buffer.append([viewLine('a', 1, 0), viewMarker('restart', 'a', 1, 'restart 1'), viewLine('a', 2, 2)]);
    expect(buffer.lineCount).toBe(2);
    expect(texts(buffer)).toEqual(['a line 1', 'restart 1', 'a line 2']);
    buffer.append([viewMarker('restart', 'a', 3, 'restart 2'), viewLine('a', 3, 4)]);
    expect(texts(buffer)).toEqual([
      '1 older line dropped from this view (limit 2)',
      'restart 1',
      'a line 2',
      'restart 2',
      'a line 3',
    ]);
  });

  it('bounds markers too', () => {
    const buffer = new LogBuffer({ maxLines: 10, maxMarkers: 3 });
    buffer.append([1, 2, 3, 4, 5].map((i) => viewMarker('restart', 'a', i, `restart ${i}`)));
    expect(texts(buffer)).toEqual(['restart 3', 'restart 4', 'restart 5']);
    expect(buffer.droppedCount).toBe(0);
  });

  it('applies a new limit at once and names it', () => {
    const buffer = new LogBuffer({ maxLines: 10 });
    buffer.append([1, 2, 3, 4, 5].map((i) => viewLine('a', i, i)));
    const trimmed = buffer.setMaxLines(2);
    expect(trimmed.evicted).toBe(3);
    expect(buffer.lineCount).toBe(2);
    expect(buffer.entries()[0]?.text).toBe('3 older lines dropped from this view (limit 2)');
    buffer.setMaxLines(100_000);
    expect(buffer.entries()[0]?.text).toBe('3 older lines dropped from this view (limit 100,000)');
    expect(() => buffer.setMaxLines(0)).toThrow(RangeError);
  });

  it('keeps inserting after the dropped marker', () => {
    const buffer = new LogBuffer({ maxLines: 2 });
    buffer.append([viewLine('a', 1, 10), viewLine('a', 2, 20), viewLine('a', 3, 30)]);
    buffer.append([viewLine('b', 1, 25)]);
    expect(texts(buffer)).toEqual(['2 older lines dropped from this view (limit 2)', 'b line 1', 'a line 3']);
  });

  it('clear forgets the dropped count', () => {
    const buffer = new LogBuffer({ maxLines: 1 });
    buffer.append([viewLine('a', 1, 0), viewLine('a', 2, 1)]);
    buffer.clear();
    expect(buffer.droppedCount).toBe(0);
    expect(buffer.droppedMarker).toBeNull();
  });
});

describe('LogBuffer.prependOlder', () => {
  it('puts older lines above the held ones, a shared stamp included', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 5, 10), viewLine('a', 6, 20)]);
    const result = buffer.prependOlder([viewLine('a', 3, 0), viewLine('a', 4, 10)]);
    expect(result.refused).toBe(0);
    expect(result.added).toHaveLength(2);
    expect(texts(buffer)).toEqual(['a line 3', 'a line 4', 'a line 5', 'a line 6']);
    expect(buffer.lineCount).toBe(4);
  });

  it('keeps the source ordering floor, so new lines still go last', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.append([viewLine('a', 5, 50)]);
    buffer.prependOlder([viewLine('a', 4, 10)]);
    buffer.append([viewLine('a', 6, 40)]);
    expect(texts(buffer)).toEqual(['a line 4', 'a line 5', 'a line 6']);
  });

  it('never evicts held lines: past the room the oldest of the page are refused', () => {
    const buffer = new LogBuffer({ maxLines: 3 });
    buffer.append([viewLine('a', 9, 90), viewLine('a', 10, 100)]);
    const result = buffer.prependOlder([viewLine('a', 7, 70), viewLine('a', 8, 80)]);
    expect(result.refused).toBe(1);
    expect(texts(buffer)).toEqual(['a line 8', 'a line 9', 'a line 10']);
    expect(buffer.droppedCount).toBe(0);
    expect(buffer.room).toBe(0);
    expect(buffer.prependOlder([viewLine('a', 6, 60)]).added).toEqual([]);
  });

  it('gives a source nothing was held of its floor from the page', () => {
    const buffer = new LogBuffer({ maxLines: 100 });
    buffer.prependOlder([viewLine('a', 1, 10), viewLine('a', 2, 20)]);
    buffer.append([viewLine('a', 3, 15)]);
    expect(buffer.entries().map((e) => e.tsKey)).toEqual([keyAt(10), keyAt(20), keyAt(20)]);
  });
});
