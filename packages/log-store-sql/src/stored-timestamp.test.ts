import { dockerTimestampToUnixNanos } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { storedLineTs, tsToStore } from './stored-timestamp.ts';

// What SQLite's tsColumns() give for `tns`: truncating division and its remainder.
function columns(tns: bigint): [number, number] {
  return [Number(tns / 1_000_000_000n), Number(tns % 1_000_000_000n)];
}

function roundTrip(ts: string): string {
  const tns = dockerTimestampToUnixNanos(ts);
  return storedLineTs(tsToStore(ts, tns), ...columns(tns));
}

describe('stored timestamps', () => {
  it('keeps no text for the timestamps Docker prints', () => {
    for (const ts of [
      '2026-11-25T03:19:26.123456789Z',
      '2026-11-25T03:19:26.5Z',
      '2026-11-25T03:19:26Z',
      '2026-11-25T03:19:26.00000001Z',
      '1969-12-31T23:59:59.000000001Z',
      '1970-01-01T00:00:00Z',
    ]) {
      expect(tsToStore(ts, dockerTimestampToUnixNanos(ts))).toBeNull();
      expect(roundTrip(ts)).toBe(ts);
    }
  });

  it('keeps the text of any other rendering, so every line reads back byte for byte', () => {
    for (const ts of [
      '2026-11-25T03:19:26.500000000Z',
      '2026-11-25T03:19:26.000Z',
      '1969-12-31T23:59:59.100Z',
    ]) {
      expect(tsToStore(ts, dockerTimestampToUnixNanos(ts))).toBe(ts);
      expect(roundTrip(ts)).toBe(ts);
    }
  });

  it('renders lines of many seconds in any order', () => {
    const stamps = ['2026-01-01T00:00:01.1Z', '2025-06-30T23:59:59.999999999Z', '2026-01-01T00:00:01.2Z'];
    for (const ts of [...stamps, ...stamps.reverse()]) expect(roundTrip(ts)).toBe(ts);
  });
});
