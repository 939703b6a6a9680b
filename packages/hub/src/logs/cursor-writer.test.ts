import { describe, expect, it } from 'vitest';
import type { LogCursorRecord } from '../ports/store.ts';
import { FakeClock } from '../testing/fake-clock.ts';
import { MemoryStore } from '../testing/memory-store.ts';
import { CursorWriter } from './cursor-writer.ts';

const FLUSH_MS = 1000;

function cursor(seq: number): LogCursorRecord {
  return {
    agentId: 'a1',
    containerId: 'c1',
    seq,
    ts: `2026-11-25T03:00:0${seq}Z`,
    countAtTs: 1,
    updatedAt: 0,
  };
}

/** A cursor store that refuses writes while `failing` is set, as SQLite does on a full disk. */
function refusingStore() {
  const store = new MemoryStore();
  const state = { failing: true };
  const put = store.logCursors.put.bind(store.logCursors);
  store.logCursors.put = async (records) => {
    if (state.failing) throw new Error('the database is full');
    await put(records);
  };
  return { store, state };
}

describe('CursorWriter on a failing store', () => {
  it('keeps a refused cursor, warns once, and writes it once the store works, with no new mark', async () => {
    const clock = new FakeClock();
    const { store, state } = refusingStore();
    const logs: string[] = [];
    const writer = new CursorWriter(store.logCursors, clock, FLUSH_MS, (level, msg) =>
      logs.push(`${level} ${msg}`),
    );

    writer.mark(cursor(1));
    await clock.advance(FLUSH_MS);
    await clock.advance(FLUSH_MS);
    expect(store.logCursors.rows.size).toBe(0);
    expect(logs).toEqual(['warn could not write log cursors']);

    state.failing = false;
    await clock.advance(FLUSH_MS);
    expect(store.logCursors.rows.get('a1/c1')?.seq).toBe(1);
    expect(logs).toEqual(['warn could not write log cursors', 'info log cursors written again']);
    expect(await writer.get('a1', 'c1')).toMatchObject({ seq: 1 });
  });

  it('writes the newest cursor of a topic that moved while the store refused an older one', async () => {
    const clock = new FakeClock();
    const { store, state } = refusingStore();
    const writer = new CursorWriter(store.logCursors, clock, FLUSH_MS, () => {});

    writer.mark(cursor(1));
    await clock.advance(FLUSH_MS);
    writer.mark(cursor(2));
    state.failing = false;
    await clock.advance(FLUSH_MS);
    expect(store.logCursors.rows.get('a1/c1')?.seq).toBe(2);
  });
});
