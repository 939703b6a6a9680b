import { dockerTimestampToUnixNanos } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { REFOLLOW_WINDOW_NS, StreamPositions } from './stream-positions.ts';

const ns = dockerTimestampToUnixNanos;

describe('StreamPositions', () => {
  it('starts a refollow at the older stream, counting lines that share a timestamp', () => {
    const positions = new StreamPositions(['stdout', 'stderr']);
    positions.sent('stdout', tsAt(1));
    positions.sent('stderr', tsAt(3));
    positions.sent('stderr', tsAt(3));
    positions.sent('stdout', tsAt(2));
    // An older stamp on the same stream does not move its position back.
    positions.sent('stdout', tsAt(0));
    expect(positions.of('stdout')).toEqual({ ts: tsAt(2), countAtTs: 1 });
    expect(positions.of('stderr')).toEqual({ ts: tsAt(3), countAtTs: 2 });
    expect(positions.newest).toBe(tsAt(3));
    expect(positions.refollowFrom(tsAt(3), undefined)).toBe(ns(tsAt(2)));
  });

  it('counts a stream with no line yet as the window before the newest, but never goes before the floor', () => {
    const positions = new StreamPositions(['stdout', 'stderr']);
    positions.sent('stdout', tsAt(40));
    expect(positions.refollowFrom(tsAt(40), undefined)).toBe(ns(tsAt(40)) - REFOLLOW_WINDOW_NS);
    expect(positions.refollowFrom(tsAt(40), tsAt(39))).toBe(ns(tsAt(39)));
  });

  it('a TTY container has stdout only, so its refollow starts at its newest line', () => {
    const positions = new StreamPositions(['stdout']);
    positions.sent('stdout', tsAt(40));
    expect(positions.refollowFrom(tsAt(40), undefined)).toBe(ns(tsAt(40)));
  });
});
