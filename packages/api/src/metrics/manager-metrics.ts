import {
  type HistogramSnapshot,
  type HubStats,
  LATENCY_BUCKETS_MS,
  type LogIngestStats,
  type LogStoreStats,
  type MemoryReport,
} from '@bosun/hub';
import { LOG_GAP_REASONS } from '@bosun/protocol';
import type { ProcessSample } from '../ports/runtime-stats.ts';
import type { StoreHealthState } from '../ports/store-health.ts';
import type { HttpRequestStats } from './http-metrics.ts';
import type { HistogramSample, MetricFamily, MetricLabels, ValueSample } from './prometheus-text.ts';

/** Everything `/metrics` reports, sampled at one scrape. */
export type MetricsInput = {
  version: string;
  hub: HubStats;
  memory: MemoryReport;
  process: ProcessSample;
  store: StoreHealthState;
  http: readonly HttpRequestStats[];
  /**
   * The log store and its ingest, on a manager that keeps logs; `store` is undefined when its
   * figures could not be read at this scrape.
   */
  retention?: { ingest: LogIngestStats; store: LogStoreStats | undefined };
};

const gauge = (name: string, help: string, value: number | ValueSample[]): MetricFamily => ({
  name,
  help,
  type: 'gauge',
  samples: typeof value === 'number' ? [{ value }] : value,
});

const counter = (name: string, help: string, value: number | ValueSample[]): MetricFamily => ({
  name,
  help,
  type: 'counter',
  samples: typeof value === 'number' ? [{ value }] : value,
});

/** A latency histogram of the hub's, in milliseconds, as Prometheus wants it: in seconds. */
function seconds(labels: MetricLabels, latency: HistogramSnapshot): HistogramSample {
  return {
    labels,
    buckets: LATENCY_BUCKETS_MS.map((ms, i) => [ms / 1000, latency.cumulative[i] ?? 0] as const),
    sum: latency.sumMs / 1000,
    count: latency.count,
  };
}

const byLabel = (label: string, counts: Readonly<Record<string, number>>): ValueSample[] =>
  Object.entries(counts).map(([value, count]) => ({ labels: { [label]: value }, value: count }));

/**
 * The manager's metric families, every name prefixed `bosun_`; ARCHITECTURE.md ("Metrics")
 * says what each means. A new figure is one more entry in this list.
 */
export function managerMetricFamilies(input: MetricsInput): MetricFamily[] {
  const { hub, memory, process, store } = input;
  const requests = Object.entries(hub.agentRequests);
  return [
    gauge('bosun_build_info', 'The manager version, as a label; always 1.', [
      { labels: { version: input.version }, value: 1 },
    ]),
    gauge('bosun_process_uptime_seconds', 'Seconds since the manager started.', process.uptimeSeconds),
    gauge(
      'bosun_process_resident_memory_bytes',
      'Resident set size of the manager process.',
      process.rssBytes,
    ),
    gauge('bosun_process_heap_used_bytes', 'JavaScript heap in use.', process.heapUsedBytes),
    gauge('bosun_process_heap_total_bytes', 'JavaScript heap allocated.', process.heapTotalBytes),
    gauge(
      'bosun_event_loop_delay_seconds',
      'How late the event loop ran timers over the last measuring window, by quantile (1: the maximum).',
      [
        { labels: { quantile: '0.5' }, value: process.eventLoopDelayMs.p50 / 1000 },
        { labels: { quantile: '0.99' }, value: process.eventLoopDelayMs.p99 / 1000 },
        { labels: { quantile: '1' }, value: process.eventLoopDelayMs.max / 1000 },
      ],
    ),
    gauge('bosun_store_up', '1 while the store works, 0 while it fails.', store.ok ? 1 : 0),
    counter('bosun_store_errors_total', 'Store operations that failed.', store.errorsTotal),
    gauge('bosun_agents_online', 'Agents with a live connection.', hub.agentsOnline),
    gauge(
      'bosun_agents_outdated',
      'Online agents speaking the previous protocol version or running an older bosun.',
      hub.agentsOutdated,
    ),
    gauge('bosun_viewers', 'Viewer sockets open (web UI, bosun logs -f).', hub.viewers),
    gauge('bosun_log_streams', 'Container log streams the manager follows.', hub.topics),
    gauge('bosun_log_subscriptions', 'Viewer subscriptions to those streams.', hub.subscriptions),
    counter('bosun_log_lines_in_total', 'New log lines taken from the live streams of agents.', hub.linesIn),
    counter('bosun_log_bytes_in_total', 'Text bytes (UTF-8) of those lines.', hub.bytesIn),
    counter('bosun_log_entries_out_total', 'Log entries sent to viewers, once per viewer.', hub.entriesOut),
    counter('bosun_log_bytes_out_total', 'Text bytes (UTF-8) of those entries.', hub.bytesOut),
    counter(
      'bosun_log_gaps_total',
      'Gap markers, by reason: reported by agents once per stream, made by the manager once per viewer.',
      LOG_GAP_REASONS.map((reason) => ({ labels: { reason }, value: hub.gaps[reason].markers })),
    ),
    counter(
      'bosun_log_gap_lines_total',
      'Lines those gap markers said were lost, by reason.',
      LOG_GAP_REASONS.map((reason) => ({ labels: { reason }, value: hub.gaps[reason].lines })),
    ),
    gauge(
      'bosun_ring_entries',
      'Entries held in the rings of recent lines, over every stream.',
      hub.ringEntries,
    ),
    gauge('bosun_ring_bytes', 'Text bytes held in those rings.', hub.ringBytes),
    gauge('bosun_viewer_queue_entries', 'Entries waiting in the queues of slow viewers.', hub.queuedEntries),
    gauge(
      'bosun_viewer_queue_bytes',
      'Text bytes waiting in those queues (shared with the rings).',
      hub.queuedBytes,
    ),
    gauge(
      'bosun_memory_budget_bytes',
      "The memory budget for log traffic: the hub's share of --memory-budget.",
      memory.limitBytes,
    ),
    gauge(
      'bosun_memory_used_bytes',
      'Bytes counted against the memory budget, by what holds them.',
      Object.entries(memory.byKind).map(([kind, value]) => ({ labels: { kind }, value })),
    ),
    counter(
      'bosun_memory_shed_total',
      'What was shed past the memory budget, by step of the shedding order.',
      Object.entries(memory.shed).map(([step, value]) => ({ labels: { step }, value })),
    ),
    gauge('bosun_log_reads_open', 'Stored-log reads running now.', hub.readsOpen),
    counter('bosun_log_reads_started_total', 'Stored-log reads started.', hub.reads.started),
    counter(
      'bosun_log_reads_cancelled_total',
      'Stored-log reads their client left before the end.',
      hub.reads.cancelled,
    ),
    counter(
      'bosun_log_reads_failed_total',
      'Stored-log reads that failed, by error code.',
      byLabel('code', hub.reads.failed),
    ),
    counter('bosun_log_read_lines_total', 'Lines stored-log reads passed on.', hub.reads.lines),
    counter(
      'bosun_log_read_bytes_total',
      'Line text stored-log reads passed on, as their window counts it.',
      hub.reads.bytes,
    ),
    {
      name: 'bosun_agent_request_duration_seconds',
      help: 'Requests to agents until their answer, by operation (a log.read lasts as long as its read).',
      type: 'histogram',
      samples: requests.map(([operation, stats]) => seconds({ operation }, stats)),
    },
    counter(
      'bosun_agent_request_failures_total',
      'Requests to agents that failed, by operation and error code.',
      requests.flatMap(([operation, stats]) =>
        Object.entries(stats.failed).map(([code, value]) => ({ labels: { operation, code }, value })),
      ),
    ),
    {
      name: 'bosun_http_request_duration_seconds',
      help: 'HTTP requests until the headers of their answer, by route pattern, method and status class.',
      type: 'histogram',
      samples: input.http.map(({ route, method, status, latency }) =>
        seconds({ route, method, status }, latency),
      ),
    },
    ...(input.retention ? retentionFamilies(input.retention.ingest, input.retention.store) : []),
  ];
}

// The log store's families, present only on a manager that keeps logs; the size and queue ones
// only when the store answered.
function retentionFamilies(ingest: LogIngestStats, store: LogStoreStats | undefined): MetricFamily[] {
  const sizes = store
    ? [
        gauge(
          'bosun_log_store_bytes',
          'Bytes the log store takes on disk, its WAL included: what --log-retention-bytes bounds.',
          store.bytes,
        ),
        gauge('bosun_log_store_lines', 'Lines held in the log store.', store.lines),
        gauge(
          'bosun_log_store_queue_entries',
          'Lines and markers handed to the log store and not written yet.',
          store.lag.entries,
        ),
        gauge('bosun_log_store_queue_bytes', 'Text bytes of those entries.', store.lag.bytes),
        gauge(
          'bosun_log_store_queue_oldest_seconds',
          'Age of the oldest batch not written yet: how far the store lags behind live delivery.',
          store.lag.oldestAgeMs / 1000,
        ),
      ]
    : [];
  return [
    ...sizes,
    counter(
      'bosun_log_store_lines_stored_total',
      'Lines the ingest handed to the log store (queued, then written in order).',
      ingest.linesStored,
    ),
    counter(
      'bosun_log_store_appends_refused_total',
      'Batches the log store refused with its queue full; their streams pause and resume from the store.',
      ingest.appendsRefused,
    ),
    counter('bosun_log_store_lines_refused_total', 'Lines in those batches.', ingest.linesRefused),
    gauge('bosun_log_ingest_streams', 'Retained container streams, by state.', [
      { labels: { state: 'ingesting' }, value: ingest.ingestStreams - ingest.ingestPaused },
      { labels: { state: 'paused' }, value: ingest.ingestPaused },
      { labels: { state: 'waiting' }, value: ingest.ingestWaiting },
    ]),
  ];
}
