import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROCESS_MEMORY_BUDGET_BYTES,
  logTrafficBudget,
  MIN_PROCESS_MEMORY_BUDGET_BYTES,
} from './process-memory.ts';

const MiB = 2 ** 20;

describe('logTrafficBudget', () => {
  it('gives log traffic 128 MiB of the default 512 MiB, and at least 32 MiB of the least budget', () => {
    expect(DEFAULT_PROCESS_MEMORY_BUDGET_BYTES).toBe(512 * MiB);
    expect(logTrafficBudget(DEFAULT_PROCESS_MEMORY_BUDGET_BYTES)).toBe(128 * MiB);
    expect(logTrafficBudget(MIN_PROCESS_MEMORY_BUDGET_BYTES)).toBeGreaterThanOrEqual(32 * MiB);
  });

  it('grows with the budget', () => {
    expect(logTrafficBudget(2048 * MiB)).toBeGreaterThan(logTrafficBudget(1024 * MiB));
  });
});
