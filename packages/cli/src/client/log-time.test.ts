import { describe, expect, it } from 'vitest';
import { UsageError } from '../exit-codes.ts';
import { lineNanos, parseLogTime } from './log-time.ts';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

describe('parseLogTime', () => {
  it('passes RFC 3339 through and knows its instant to the nanosecond', () => {
    const t = parseLogTime('--since', '2026-11-25T10:00:00.123456789Z', NOW);
    expect(t.wire).toBe('2026-11-25T10:00:00.123456789Z');
    expect(t.nanos).toBe(lineNanos('2026-11-25T10:00:00.123456789Z'));
  });

  it('applies an offset', () => {
    const t = parseLogTime('--since', '2026-11-25T11:00:00+01:00', NOW);
    expect(t.nanos).toBe(lineNanos('2026-11-25T10:00:00Z'));
  });

  it('passes Unix seconds through', () => {
    const t = parseLogTime('--until', '1764064800.5', NOW);
    expect(t.wire).toBe('1764064800.5');
    expect(t.nanos).toBe(1_764_064_800_500_000_000n);
  });

  it('resolves a duration against this machine clock, as Unix seconds', () => {
    const t = parseLogTime('--since', '10m', NOW);
    expect(t.wire).toBe(`${NOW / 1000 - 600}.000000000`);
    expect(t.nanos).toBe(BigInt(NOW - 600_000) * 1_000_000n);
  });

  it('refuses anything else with the flag in the message', () => {
    expect(() => parseLogTime('--since', 'yesterday', NOW)).toThrow(UsageError);
    expect(() => parseLogTime('--since', 'yesterday', NOW)).toThrow(/^--since expects/);
    expect(() => parseLogTime('--until', '2026-11-25', NOW)).toThrow(UsageError);
  });
});
