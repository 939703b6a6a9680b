import { containerSummary, MemoryLogStore, settle } from '@bosun/hub/testing';
import { PROTOCOL_VERSION } from '@bosun/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';
import { TEST_PROCESS_SAMPLE } from '../testing/test-runtime.ts';

// GET /api/status takes no input: there is no bad-input case. The bed checks every answer
// against protocol's schema exactly.
describe('GET /api/status', () => {
  it('shows a viewer the manager at a glance', async () => {
    const bed = new ApiTestBed();
    await bed.agent({ name: 'new' });
    await bed.agent({ name: 'old', protocol: PROTOCOL_VERSION - 1 });
    const res = await bed.request('GET', '/api/status', { as: await bed.browser('viewer') });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({
      version: '0.0.0-test',
      startedAt: TEST_PROCESS_SAMPLE.startedAt,
      uptimeSeconds: 42,
      agents: { online: 2, total: 2, outdated: 1 },
      streams: { open: 0, subscriptions: 0 },
      viewers: 0,
      reads: { open: 0, started: 0, cancelled: 0, failed: 0 },
      logs: { linesIn: 0, bytesIn: 0, entriesOut: 0, bytesOut: 0 },
      gaps: { agent_backpressure: 0, docker_behind: 0, ring_evicted: 0, subscriber_behind: 0 },
      memory: { rssBytes: 100_000_000, heapUsedBytes: 30_000_000, ringBytes: 0, queuedBytes: 0 },
      eventLoopDelayMs: { p50: 10, p99: 12.5, max: 20 },
      store: { ok: true, errorsTotal: 0 },
    });
  });

  it('still answers while the store fails: its health, and the agent total unknown', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script('viewer');
    for (let i = 0; i < 2; i++) bed.storeHealth.fail('database is locked', 5);
    vi.spyOn(bed.store.agents, 'list').mockRejectedValue(new Error('database is locked'));
    const body = await readJson(await bed.request('GET', '/api/status', { as: script }));
    expect(body.store).toEqual({ ok: false, failingSince: 5, error: 'database is locked', errorsTotal: 2 });
    expect(body.agents.total).toBeNull();
  });

  it('shows admins the log store and its ingest, and nobody else', async () => {
    const logStore = new MemoryLogStore();
    const bed = new ApiTestBed({ logStore });
    const kept = containerSummary('kept', { labels: { 'bosun.retain': 'true' } });
    const agent = await bed.agent({ name: 'web-1', containers: [kept] });
    await settle();
    agent.write(kept.id, 3);
    await logStore.flush();
    const admin = await readJson(await bed.request('GET', '/api/status', { as: await bed.script('admin') }));
    expect(admin.retention).toEqual({
      retain: 'labelled',
      streams: { ingesting: 1, paused: 0, waiting: 0 },
      linesStored: 3,
      appendsRefused: 0,
      store: { bytes: 3 * 'line 0'.length, lines: 3, queuedEntries: 0, oldestQueuedAgeMs: 0 },
    });
    const operator = await readJson(
      await bed.request('GET', '/api/status', { as: await bed.script('operator') }),
    );
    expect(operator.retention).toBeUndefined();
  });

  it('has no retention part on a manager that keeps no logs', async () => {
    const bed = new ApiTestBed();
    const body = await readJson(await bed.request('GET', '/api/status', { as: await bed.script('admin') }));
    expect(body.retention).toBeUndefined();
  });

  it('refuses a request without credentials with 401', async () => {
    await expectError(await new ApiTestBed().request('GET', '/api/status'), 401, 'unauthorized');
  });
});
