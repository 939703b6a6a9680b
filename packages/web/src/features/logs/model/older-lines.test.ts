import type { LogEntry } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { stampAt } from '../testing/view-entries.ts';
import { OlderLines, type OlderLinesOptions, type OlderPage, type OlderState } from './older-lines.ts';

function line(seq: number): LogEntry {
  return { kind: 'line', seq, ts: stampAt(seq * 10), stream: 'stdout', text: `line ${seq}` };
}

// A container's stored lines `from..to`, paged newest first like the store answers.
function storedPages(stored: Record<string, [number, number]>, asked: string[]) {
  return async (containerId: string, beforeSeq: number | undefined, limit: number): Promise<OlderPage> => {
    asked.push(`${containerId}<${beforeSeq ?? '∞'}:${limit}`);
    const [from, to] = stored[containerId] ?? [1, 0];
    const end = Math.min(to, (beforeSeq ?? to + 1) - 1);
    const start = Math.max(from, end - limit + 1);
    const entries: LogEntry[] = [];
    for (let seq = start; seq <= end; seq++) entries.push(line(seq));
    return { entries, more: start > from };
  };
}

function harness(overrides: Partial<OlderLinesOptions> & { stored?: Record<string, [number, number]> } = {}) {
  const asked: string[] = [];
  const taken: string[] = [];
  const states: OlderState[] = [];
  const older = new OlderLines({
    fetchPage: storedPages(overrides.stored ?? {}, asked),
    previousGeneration: async () => null,
    room: () => 1000,
    take: (entries, marker) => {
      if (marker) taken.push(`marker ${marker.text} @${marker.ts}`);
      for (const entry of entries) if (entry.kind === 'line') taken.push(entry.text);
    },
    onState: (state) => states.push(state),
    ...overrides,
  });
  return { older, asked, taken, states };
}

describe('OlderLines', () => {
  it('pages back from the oldest held line until the container started', async () => {
    const { older, asked, taken } = harness({ stored: { c1: [0, 1200] } });
    older.anchor('c1', { seq: 1000, ts: stampAt(10_000) });
    await older.loadOlder();
    expect(asked).toEqual(['c1<1000:500']);
    expect(taken[0]).toBe('line 500');
    expect(taken.at(-1)).toBe('line 999');
    expect(older.state).toEqual({ kind: 'more' });
    await older.loadOlder();
    await older.loadOlder();
    expect(asked.at(-1)).toBe('c1<500:500');
    expect(older.state).toEqual({ kind: 'start' });
  });

  it('says from when on lines were not kept', async () => {
    const { older } = harness({ stored: { c1: [700, 1200] } });
    older.anchor('c1', { seq: 1000, ts: stampAt(10_000) });
    await older.loadOlder();
    expect(older.state).toEqual({ kind: 'not_kept', before: stampAt(7000) });
  });

  it('asks for no more than the view has room for, and says when it has none', async () => {
    let room = 20;
    const { older, asked, states } = harness({ stored: { c1: [0, 1200] }, room: () => room });
    older.anchor('c1', { seq: 1000, ts: stampAt(10_000) });
    await older.loadOlder();
    expect(asked).toEqual(['c1<1000:20']);
    room = 0;
    await older.loadOlder();
    expect(older.state).toEqual({ kind: 'full' });
    // Every scroll event at the top asks again: the state is told once.
    await older.loadOlder();
    expect(asked).toEqual(['c1<1000:20']);
    expect(states.filter((state) => state.kind === 'full')).toHaveLength(1);
  });

  it('goes on into the previous generation with a marker between the two', async () => {
    const { older, taken, asked } = harness({
      stored: { new: [0, 50], old: [0, 30] },
      previousGeneration: async (id) =>
        id === 'new' ? { containerId: 'old', markerText: 'new container (generation 2)' } : null,
    });
    older.anchor('new', { seq: 0, ts: stampAt(0) });
    await older.loadOlder();
    expect(asked).toEqual([]);
    expect(taken).toEqual([`marker new container (generation 2) @${stampAt(0)}`]);
    await older.loadOlder();
    expect(asked).toEqual(['old<∞:500']);
    expect(taken.at(-1)).toBe('line 30');
    expect(older.state).toEqual({ kind: 'start' });
  });

  it('starts at the newest stored line when nothing is held', async () => {
    const { older, taken } = harness({ stored: { gone: [0, 3] } });
    older.anchor('gone', null);
    await older.loadOlder();
    expect(taken).toEqual(['line 0', 'line 1', 'line 2', 'line 3']);
    expect(older.state).toEqual({ kind: 'start' });
  });

  it('reports a failed page and can be asked again', async () => {
    let fail = true;
    const pages = storedPages({ c1: [0, 10] }, []);
    const { older } = harness({
      fetchPage: async (...args) => {
        if (fail) throw new Error('cannot reach the manager');
        return pages(...args);
      },
    });
    older.anchor('c1', { seq: 5, ts: stampAt(50) });
    await older.loadOlder();
    expect(older.state).toEqual({ kind: 'error', message: 'cannot reach the manager' });
    fail = false;
    await older.loadOlder();
    expect(older.state).toEqual({ kind: 'start' });
  });
});
