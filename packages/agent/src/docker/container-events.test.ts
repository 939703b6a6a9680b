import { describe, expect, it } from 'vitest';
import { toContainerEvent } from './container-events.ts';

const base = { id: 'a'.repeat(64), name: 'web', attributes: {}, timeNano: 1_764_040_766_123_456_789n };

describe('toContainerEvent', () => {
  it('keeps the actions a fleet view needs, with their details', () => {
    expect(toContainerEvent({ ...base, action: 'start' })).toEqual({
      id: base.id,
      name: 'web',
      action: 'start',
      at: '2025-11-25T03:19:26.123456789Z',
    });
    expect(toContainerEvent({ ...base, action: 'die', attributes: { exitCode: '137' } })?.exitCode).toBe(137);
    expect(toContainerEvent({ ...base, action: 'health_status: unhealthy' })).toMatchObject({
      action: 'health_status',
      health: 'unhealthy',
    });
  });

  it('drops the noise', () => {
    expect(toContainerEvent({ ...base, action: 'exec_start: sh -c true' })).toBeUndefined();
    expect(toContainerEvent({ ...base, action: 'attach' })).toBeUndefined();
  });

  it('writes nanosecond times', () => {
    expect(toContainerEvent({ ...base, action: 'start', timeNano: 5n })?.at).toBe(
      '1970-01-01T00:00:00.000000005Z',
    );
  });
});
