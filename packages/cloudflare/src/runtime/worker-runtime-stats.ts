import type { ProcessSample, RuntimeStats } from '@bosun/api';
import { BOSUN_VERSION } from '@bosun/protocol';

/**
 * The object's figures: a Worker sees no resident set, heap or event-loop delay of its own, so
 * those read 0 (the Cloudflare dashboard has the isolate's CPU and memory); the start time and
 * uptime are the object's, which restart when it is evicted or woken.
 */
export function workerRuntimeStats(now: () => number): RuntimeStats {
  const startedAt = now();
  return {
    version: BOSUN_VERSION,
    sample(): ProcessSample {
      return {
        startedAt,
        uptimeSeconds: Math.round((now() - startedAt) / 1000),
        rssBytes: 0,
        heapUsedBytes: 0,
        heapTotalBytes: 0,
        eventLoopDelayMs: { p50: 0, p99: 0, max: 0 },
      };
    },
  };
}
