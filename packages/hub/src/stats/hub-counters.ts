import { LOG_GAP_REASONS, type LogGapReason } from '@bosun/protocol';
import { type HistogramSnapshot, LatencyHistogram } from './latency-histogram.ts';

/** Gap markers of one reason and the lines they said were lost. */
export type GapCount = { markers: number; lines: number };

/** Requests to agents of one operation: their latencies, and failures by error code. */
export type AgentRequestStats = HistogramSnapshot & { failed: Record<string, number> };

/** What the counters have counted since the hub started. */
export type HubCounterSnapshot = {
  /** New log lines taken from agents' live streams, and their text in UTF-8 bytes. */
  linesIn: number;
  bytesIn: number;
  /** Entries (lines and markers) sent to viewers, counted once per viewer, and their text bytes. */
  entriesOut: number;
  bytesOut: number;
  /**
   * Gap markers by reason: those agents report (`agent_backpressure`, `docker_behind`) once per
   * stream as they arrive, those the hub makes (`ring_evicted`, `subscriber_behind`) once per
   * viewer they are sent to.
   */
  gaps: Record<LogGapReason, GapCount>;
  /** Stored-log reads: started, cancelled by their consumer, failed by error code, what they carried. */
  reads: { started: number; cancelled: number; failed: Record<string, number>; lines: number; bytes: number };
  /** Requests the hub sent to agents, by subject. */
  agentRequests: Record<string, AgentRequestStats>;
};

/**
 * The hub's running totals. Each is a number incremented where the hub already handles what it
 * counts (a batch, a frame, a read's end), so counting allocates nothing per line; maps grow
 * only by the few subjects, reasons and error codes there are.
 */
export class HubCounters {
  #linesIn = 0;
  #bytesIn = 0;
  #entriesOut = 0;
  #bytesOut = 0;
  readonly #gaps = Object.fromEntries(
    LOG_GAP_REASONS.map((reason) => [reason, { markers: 0, lines: 0 }]),
  ) as Record<LogGapReason, GapCount>;
  #readsStarted = 0;
  #readsCancelled = 0;
  #readLines = 0;
  #readBytes = 0;
  readonly #readsFailed = new Map<string, number>();
  readonly #requests = new Map<string, { latency: LatencyHistogram; failed: Map<string, number> }>();

  /** A new line from an agent's live stream, `bytes` of text. */
  lineIn(bytes: number): void {
    this.#linesIn += 1;
    this.#bytesIn += bytes;
  }

  /** `entries` entries of `bytes` text bytes went to one viewer. */
  sentToViewer(entries: number, bytes: number): void {
    this.#entriesOut += entries;
    this.#bytesOut += bytes;
  }

  /** A gap marker naming `lines` lost lines. */
  gap(reason: LogGapReason, lines: number): void {
    const count = this.#gaps[reason];
    count.markers += 1;
    count.lines += lines;
  }

  readStarted(): void {
    this.#readsStarted += 1;
  }

  /** A batch of a stored-log read passed on to its consumer. */
  readBatch(lines: number, bytes: number): void {
    this.#readLines += lines;
    this.#readBytes += bytes;
  }

  readCancelled(): void {
    this.#readsCancelled += 1;
  }

  readFailed(code: string): void {
    this.#readsFailed.set(code, (this.#readsFailed.get(code) ?? 0) + 1);
  }

  /** A request to an agent settled after `ms`; `failedWith` is its error code when it failed. */
  agentRequest(subject: string, ms: number, failedWith?: string): void {
    let stats = this.#requests.get(subject);
    if (!stats) {
      stats = { latency: new LatencyHistogram(), failed: new Map() };
      this.#requests.set(subject, stats);
    }
    stats.latency.observe(ms);
    if (failedWith !== undefined) stats.failed.set(failedWith, (stats.failed.get(failedWith) ?? 0) + 1);
  }

  snapshot(): HubCounterSnapshot {
    const gaps = Object.fromEntries(
      LOG_GAP_REASONS.map((reason) => [reason, { ...this.#gaps[reason] }]),
    ) as Record<LogGapReason, GapCount>;
    const agentRequests: Record<string, AgentRequestStats> = {};
    for (const [subject, { latency, failed }] of this.#requests) {
      agentRequests[subject] = { ...latency.snapshot(), failed: Object.fromEntries(failed) };
    }
    return {
      linesIn: this.#linesIn,
      bytesIn: this.#bytesIn,
      entriesOut: this.#entriesOut,
      bytesOut: this.#bytesOut,
      gaps,
      reads: {
        started: this.#readsStarted,
        cancelled: this.#readsCancelled,
        failed: Object.fromEntries(this.#readsFailed),
        lines: this.#readLines,
        bytes: this.#readBytes,
      },
      agentRequests,
    };
  }
}
