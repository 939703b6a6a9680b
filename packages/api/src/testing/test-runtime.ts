import type { ProcessSample, RuntimeStats } from '../ports/runtime-stats.ts';

/** The process figures `TestRuntime` reports unless a test changes them. */
export const TEST_PROCESS_SAMPLE: ProcessSample = {
  startedAt: 1_700_000_000_000,
  uptimeSeconds: 42,
  rssBytes: 100_000_000,
  heapUsedBytes: 30_000_000,
  heapTotalBytes: 50_000_000,
  eventLoopDelayMs: { p50: 10, p99: 12.5, max: 20 },
};

/** A runtime whose figures are whatever the test sets. */
export class TestRuntime implements RuntimeStats {
  readonly version = '0.0.0-test';
  process: ProcessSample = { ...TEST_PROCESS_SAMPLE };

  sample(): ProcessSample {
    return { ...this.process };
  }
}
