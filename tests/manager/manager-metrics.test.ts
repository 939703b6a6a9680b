import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, metricSample, runContainer, waitFor } from '../kit/index.ts';
import { type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { openViewer } from '../kit/test-manager.ts';

// /metrics of a real manager: behind its token on the main address, open on its own address,
// counting the lines a real container printed.

const engine = engineFromEnv();
const METRICS_TOKEN = 'metrics-token-for-the-manager-tests';
let bed: ManagerWithAgent;

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'metrics-host', {
    metricsToken: METRICS_TOKEN,
    metricsListen: '127.0.0.1:0',
  });
});

afterAll(async () => {
  await bed?.cleanup();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${bed.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(res.status).toBe(200);
  return res.text();
}

describe('GET /metrics', () => {
  it('refuses a scrape without the token on the main address, and says how to get access', async () => {
    const res = await fetch(`${bed.url}/metrics`);
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('--metrics-token');
  });

  it('counts the lines a container printed once a viewer follows it', async () => {
    const c = await runContainer(engine, {
      name: 'metrics',
      cmd: ['sh', '-c', 'for i in $(seq 1 25); do echo "line $i"; done; exec sleep 3600'],
    });
    await bed.admin.waitForContainer({ id: c.id });
    const viewer = await openViewer(bed.url, bed.admin.headersForSocket());
    try {
      await viewer.request('logs.subscribe', { sub: 's', agent: 'metrics-host', container: c.name });
      await waitFor(async () => (metricSample(await scrape(), 'bosun_log_lines_in_total') ?? 0) >= 25, {
        timeoutMs: 15_000,
        what: 'bosun_log_lines_in_total to reach 25',
      });
      const text = await scrape();
      expect(metricSample(text, 'bosun_agents_online')).toBe(1);
      expect(metricSample(text, 'bosun_log_streams')).toBe(1);
      expect(metricSample(text, 'bosun_viewers')).toBe(1);
      expect(metricSample(text, 'bosun_log_entries_out_total')).toBeGreaterThanOrEqual(25);
      expect(metricSample(text, 'bosun_store_up')).toBe(1);
      expect(metricSample(text, 'bosun_process_resident_memory_bytes')).toBeGreaterThan(0);
    } finally {
      viewer.close();
    }
  });

  it('counts the lines of a retained container stored with nobody watching, and the store they fill', async () => {
    const c = await runContainer(engine, {
      name: 'metrics-kept',
      labels: { 'bosun.retain': 'true' },
      cmd: ['sh', '-c', 'for i in $(seq 1 30); do echo "kept $i"; done; exec sleep 3600'],
    });
    await bed.admin.waitForContainer({ id: c.id });
    await waitFor(
      async () => (metricSample(await scrape(), 'bosun_log_store_lines_stored_total') ?? 0) >= 30,
      {
        timeoutMs: 15_000,
        what: 'bosun_log_store_lines_stored_total to reach 30',
      },
    );
    await bed.manager.logStore.flush();
    const text = await scrape();
    expect(metricSample(text, 'bosun_log_store_lines')).toBeGreaterThanOrEqual(30);
    expect(metricSample(text, 'bosun_log_store_bytes')).toBeGreaterThan(0);
    expect(metricSample(text, 'bosun_log_ingest_streams{state="ingesting"}')).toBe(1);
    expect(metricSample(text, 'bosun_log_store_appends_refused_total')).toBe(0);
    const status = await bed.admin.ok('GET', '/api/status');
    expect(status.retention).toMatchObject({ retain: 'labelled', streams: { ingesting: 1 } });
  });

  it('is served without credentials on the metrics address, and nothing else is', async () => {
    const url = bed.manager.metricsUrl;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(metricSample(await res.text(), 'bosun_agents_online')).toBe(1);
    expect((await fetch(url!.replace('/metrics', '/api/agents'))).status).toBe(404);
  });
});
