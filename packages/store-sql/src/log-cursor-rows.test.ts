import { describe, expect, it } from 'vitest';
import {
  LOG_CURSOR_COLUMNS,
  type LogCursorRow,
  logCursorFromRow,
  logCursorValues,
} from './log-cursor-rows.ts';

// What SQLite would answer for the values written: each value under its column, so a value out of
// `LOG_CURSOR_COLUMNS` order reads back wrong.
function rowOf(values: readonly unknown[]): LogCursorRow {
  return Object.fromEntries(
    LOG_CURSOR_COLUMNS.split(', ').map((column, i) => [column, values[i]]),
  ) as LogCursorRow;
}

describe('log cursor rows', () => {
  const base = {
    agentId: 'a',
    containerId: 'c',
    seq: 4,
    ts: '2026-01-01T00:00:00Z',
    countAtTs: 1,
    updatedAt: 9,
  };

  it('read back as the cursor written, with the streams that have a position', () => {
    const both = {
      ...base,
      streams: { stdout: { ts: 't1', countAtTs: 2 }, stderr: { ts: 't2', countAtTs: 1 } },
    };
    const stdoutOnly = { ...base, streams: { stdout: { ts: 't1', countAtTs: 2 } } };
    for (const record of [base, both, stdoutOnly]) {
      expect(logCursorFromRow(rowOf(logCursorValues(record)))).toEqual(record);
    }
  });

  it('has no streams when no stream has a whole position', () => {
    const row = rowOf(logCursorValues(base));
    expect(logCursorFromRow({ ...row, stdout_ts: 't1' })).not.toHaveProperty('streams');
  });
});
