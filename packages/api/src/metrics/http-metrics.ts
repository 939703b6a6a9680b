import { type HistogramSnapshot, LatencyHistogram } from '@bosun/hub';

/** The latencies of one kind of request: route pattern, method and status class. */
export type HttpRequestStats = {
  route: string;
  method: string;
  /** `2xx`, `4xx`, … */
  status: string;
  latency: HistogramSnapshot;
};

/**
 * HTTP request latencies by route pattern (`/api/agents/:agent`, never the path itself, so the
 * label set stays as small as the route table), method and status class: one histogram per
 * combination seen, at most routes × methods × five classes.
 */
export class HttpMetrics {
  readonly #byKey = new Map<
    string,
    { route: string; method: string; status: string; latency: LatencyHistogram }
  >();

  observe(route: string, method: string, status: number, ms: number): void {
    const statusClass = `${Math.floor(status / 100)}xx`;
    const key = `${method} ${route} ${statusClass}`;
    let entry = this.#byKey.get(key);
    if (!entry) {
      entry = { route, method, status: statusClass, latency: new LatencyHistogram() };
      this.#byKey.set(key, entry);
    }
    entry.latency.observe(ms);
  }

  snapshot(): HttpRequestStats[] {
    return [...this.#byKey.values()].map(({ route, method, status, latency }) => ({
      route,
      method,
      status,
      latency: latency.snapshot(),
    }));
  }
}
