/** How late the event loop ran, in milliseconds, over the runtime's last measuring window. */
export type EventLoopDelay = { p50: number; p99: number; max: number };

/** The process the manager runs in, as its runtime measures it at one moment. */
export type ProcessSample = {
  /** Unix ms the manager started. */
  startedAt: number;
  uptimeSeconds: number;
  /** Resident set size; 0 where the runtime cannot tell. */
  rssBytes: number;
  heapUsedBytes: number;
  heapTotalBytes: number;
  eventLoopDelayMs: EventLoopDelay;
};

/** What the runtime tells metrics and the status page about the process (Node: `process`, `perf_hooks`). */
export interface RuntimeStats {
  /** The manager's version. */
  readonly version: string;
  sample(): ProcessSample;
}
