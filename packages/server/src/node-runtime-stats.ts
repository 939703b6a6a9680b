import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ProcessSample, RuntimeStats } from '@bosun/api';

// Event-loop delay is reported over the last whole window of this length: recent enough to show
// a stall, long enough that one slow tick does not make every scrape look bad or good.
const WINDOW_MS = 10_000;
// The histogram samples the loop this often; finer costs more timers for no better figure.
const RESOLUTION_MS = 20;

const NS_PER_MS = 1e6;

/** Node's figures for the API's `RuntimeStats`; `stop` ends the event-loop monitor. */
export type NodeRuntimeStats = RuntimeStats & { stop(): void };

/**
 * The manager process as Node measures it: `process.memoryUsage()` and uptime at each sample,
 * event-loop delay (`perf_hooks.monitorEventLoopDelay`) over the last complete `WINDOW_MS` (the
 * maximum over that window and the one under way).
 */
export function nodeRuntimeStats(version: string, startedAt = Date.now()): NodeRuntimeStats {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  let lastWindow = { p50: 0, p99: 0, max: 0 };
  const rollover = setInterval(() => {
    // An empty histogram reports NaN percentiles; a window without samples had no delay to report.
    const ms = (ns: number) => (Number.isFinite(ns) ? ns / NS_PER_MS : 0);
    lastWindow = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
    };
    histogram.reset();
  }, WINDOW_MS);
  rollover.unref();
  const currentMax = () => (histogram.count > 0 ? histogram.max / NS_PER_MS : 0);
  return {
    version,
    sample(): ProcessSample {
      const memory = process.memoryUsage();
      return {
        startedAt,
        uptimeSeconds: Math.max(0, (Date.now() - startedAt) / 1000),
        rssBytes: memory.rss,
        heapUsedBytes: memory.heapUsed,
        heapTotalBytes: memory.heapTotal,
        // The maximum also counts the window under way, so a stall shows at once rather than
        // up to a window later; the percentiles stay those of the last whole window.
        eventLoopDelayMs: { ...lastWindow, max: Math.max(lastWindow.max, currentMax()) },
      };
    },
    stop() {
      clearInterval(rollover);
      histogram.disable();
    },
  };
}
