import { containerSummary, MemoryLogStore, settle } from '@bosun/hub/testing';
import { describe, expect, it, vi } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError } from '../testing/read-json.ts';
import { createMetricsApp } from './metrics.ts';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';
const web = containerSummary('web');

/** The value of one sample line, `name{labels} value`, or undefined when there is none. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics on the main address', () => {
  it('answers the metrics token as a bearer with Prometheus text', async () => {
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN });
    const res = await bed.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE bosun_log_lines_in_total counter\n');
    expect(sample(text, 'bosun_build_info{version="0.0.0-test"}')).toBe(1);
    expect(sample(text, 'bosun_store_up')).toBe(1);
    expect(sample(text, 'bosun_process_resident_memory_bytes')).toBe(100_000_000);
    expect(sample(text, 'bosun_event_loop_delay_seconds{quantile="0.99"}')).toBe(0.0125);
  });

  it('refuses a wrong token, none at all and a token in the URL with 401 saying how to get access', async () => {
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN });
    const wrong = await bed.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}x` },
    });
    expect(await expectError(wrong, 401, 'unauthorized')).toContain('--metrics-token');
    expect(await expectError(await bed.request('GET', '/metrics'), 401, 'unauthorized')).toContain(
      '--metrics-listen',
    );
    await expectError(await bed.request('GET', `/metrics?token=${METRICS_TOKEN}`), 401, 'unauthorized');
  });

  it('without a metrics token, answers admins by API token or session, and refuses others', async () => {
    const bed = new ApiTestBed();
    expect((await bed.request('GET', '/metrics', { as: await bed.script('admin') })).status).toBe(200);
    expect((await bed.request('GET', '/metrics', { as: await bed.browser('admin') })).status).toBe(200);
    await expectError(
      await bed.request('GET', '/metrics', { as: await bed.script('operator') }),
      403,
      'forbidden',
    );
    // No token configured: nothing but an admin's API token passes as a bearer.
    const guess = await bed.request('GET', '/metrics', { headers: { authorization: 'Bearer undefined' } });
    await expectError(guess, 401, 'unauthorized');
  });

  it('shows lines in, gaps by reason and HTTP latencies by route pattern', async () => {
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN });
    const agent = await bed.agent({ name: 'web-1', containers: [web] });
    const viewer = bed.testHub.viewer();
    await viewer.subscribe({ sub: 's', agent: 'web-1', container: 'web' });
    await bed.clock.advance(0);
    agent.write(web.id, 7);
    agent.pushEntries(web.id, [{ kind: 'gap', fromSeq: 7, toSeq: 8, reason: 'docker_behind' }]);
    await bed.request('DELETE', `/api/agents/${agent.id}`, { as: await bed.script('viewer') });

    const res = await bed.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await res.text();
    expect(sample(text, 'bosun_log_lines_in_total')).toBe(7);
    expect(sample(text, 'bosun_log_gaps_total{reason="docker_behind"}')).toBe(1);
    expect(sample(text, 'bosun_log_gap_lines_total{reason="docker_behind"}')).toBe(2);
    expect(sample(text, 'bosun_agents_online')).toBe(1);
    expect(sample(text, 'bosun_log_streams')).toBe(1);
    expect(
      sample(
        text,
        'bosun_http_request_duration_seconds_count{route="/api/agents/:agent",method="DELETE",status="4xx"}',
      ),
    ).toBe(1);
    expect(sample(text, 'bosun_agent_request_duration_seconds_count{operation="container.list"}')).toBe(1);
  });

  it('reports a failing store as down with its error count', async () => {
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN });
    for (let i = 0; i < 3; i++) bed.storeHealth.fail('disk full', 1);
    const res = await bed.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const text = await res.text();
    expect(sample(text, 'bosun_store_up')).toBe(0);
    expect(sample(text, 'bosun_store_errors_total')).toBe(3);
  });
});

describe('GET /metrics on a manager that keeps logs', () => {
  const kept = containerSummary('kept', { labels: { 'bosun.retain': 'true' } });

  async function scrape(bed: ApiTestBed): Promise<string> {
    const res = await bed.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    return res.text();
  }

  it('shows lines stored, appends refused, retained streams by state and the store size', async () => {
    // A queue of one byte takes one batch at a time: the second write is refused and pauses the stream.
    const logStore = new MemoryLogStore({ queueBytes: 1 });
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN, logStore });
    const agent = await bed.agent({ name: 'web-1', containers: [kept, web] });
    await settle();
    agent.write(kept.id, 1);
    agent.write(kept.id, 1);
    agent.write(web.id, 4);
    await logStore.flush();
    const text = await scrape(bed);
    expect(sample(text, 'bosun_log_store_lines_stored_total')).toBe(1);
    expect(sample(text, 'bosun_log_store_appends_refused_total')).toBe(1);
    expect(sample(text, 'bosun_log_store_lines_refused_total')).toBe(1);
    expect(sample(text, 'bosun_log_ingest_streams{state="ingesting"}')).toBe(0);
    expect(sample(text, 'bosun_log_ingest_streams{state="paused"}')).toBe(1);
    expect(sample(text, 'bosun_log_ingest_streams{state="waiting"}')).toBe(0);
    expect(sample(text, 'bosun_log_store_lines')).toBe(1);
    expect(sample(text, 'bosun_log_store_bytes')).toBe('line 0'.length);
    expect(sample(text, 'bosun_log_store_queue_entries')).toBe(0);
  });

  it('shows what waits to be written and how old the oldest of it is', async () => {
    const logStore = new MemoryLogStore();
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN, logStore });
    vi.spyOn(logStore, 'stats').mockResolvedValue({
      bytes: 8192,
      lines: 10,
      streams: 1,
      oldestTs: null,
      lag: { entries: 40, bytes: 400, oldestAgeMs: 1500, maxBytes: 1024, refusedBatches: 0, refusedLines: 0 },
    });
    const text = await scrape(bed);
    expect(sample(text, 'bosun_log_store_bytes')).toBe(8192);
    expect(sample(text, 'bosun_log_store_queue_entries')).toBe(40);
    expect(sample(text, 'bosun_log_store_queue_bytes')).toBe(400);
    expect(sample(text, 'bosun_log_store_queue_oldest_seconds')).toBe(1.5);
  });

  it('still answers when the store cannot be read, with the ingest figures alone', async () => {
    const logStore = new MemoryLogStore();
    const bed = new ApiTestBed({ metricsToken: METRICS_TOKEN, logStore });
    vi.spyOn(logStore, 'stats').mockRejectedValue(new Error('disk I/O error'));
    const text = await scrape(bed);
    expect(sample(text, 'bosun_log_store_lines_stored_total')).toBe(0);
    expect(sample(text, 'bosun_log_store_bytes')).toBeUndefined();
  });

  it('has no log store families on a manager that keeps no logs', async () => {
    const text = await scrape(new ApiTestBed({ metricsToken: METRICS_TOKEN }));
    expect(text).not.toContain('bosun_log_store_');
    expect(text).not.toContain('bosun_log_ingest_');
  });
});

describe('the metrics address (createMetricsApp)', () => {
  it('serves /metrics without credentials, and nothing else', async () => {
    const bed = new ApiTestBed();
    const app = createMetricsApp(bed.deps);
    const res = await app.request('http://metrics.test/metrics');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('bosun_viewers 0\n');
    const other = await app.request('http://metrics.test/api/me');
    await expectError(other, 404, 'not_found');
  });
});
