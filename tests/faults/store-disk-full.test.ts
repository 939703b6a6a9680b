import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { LogEntry } from '@bosun/protocol';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerLogs, engineFromEnv, runContainer, waitFor } from '../kit/index.ts';
import { type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { ADMIN_PASSWORD, ApiClient, openViewer } from '../kit/test-manager.ts';

// The manager's disk fills up under it: its data folder is a small tmpfs, filled to the last
// block. Logins and token creation answer 503 with the reason, existing sessions are never
// logged out, live logs keep flowing, /healthz says degraded, and once space is freed the
// manager recovers by itself.

const engine = engineFromEnv();
const LINES = 300;
const HOST = 'disk-host';

let root: string;
let disk: string;
let mounted = false;
let bed: ManagerWithAgent | undefined;
const logged: string[] = [];

function sh(script: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-fault-disk-'));
  disk = join(root, 'disk');
  await mkdir(disk);
  sh(`mount -t tmpfs -o size=16m,mode=0700 tmpfs '${disk}'`);
  mounted = true;
  const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line).msg) });
  bed = await startManagerWithAgent(engine, HOST, { dataDir: join(disk, 'data'), logger });
});

afterAll(async () => {
  await bed?.cleanup();
  if (mounted) sh(`umount '${disk}'`);
  await rm(root, { recursive: true, force: true });
});

// Asynchronous, so the event-loop delay measured meanwhile is the manager's, not the test's.
async function shAsync(script: string): Promise<void> {
  await promisify(execFile)('sh', ['-c', script]);
}

async function fillDisk(): Promise<void> {
  // fallocate takes the bulk at once; dd then takes the last blocks it left.
  await shAsync(`fallocate -l $(df --output=avail -B1 '${disk}' | tail -1) '${disk}/fill' || true`);
  await shAsync(`dd if=/dev/zero of='${disk}/fill2' bs=4096 2>/dev/null || true`);
}

function freeDisk(): Promise<void> {
  return shAsync(`rm -f '${disk}/fill' '${disk}/fill2'`);
}

describe('fault: the store’s disk full', () => {
  it('answers 503, logs no one out, keeps live logs flowing, and recovers by itself', async () => {
    const manager = bed!;
    const admin = manager.admin;
    const reader = (await admin.newUser('reader', 'viewer')).client;
    const container = await runContainer(engine, {
      name: 'disk-full-lines',
      cmd: ['sh', '-c', `for i in $(seq 1 ${LINES}); do echo "line $i"; sleep 0.03; done; exec sleep 3600`],
    });
    await admin.waitForContainer({ id: container.id });
    const viewer = await openViewer(manager.url, reader.headersForSocket());
    const reply = await viewer.request('logs.subscribe', {
      sub: 's1',
      agent: HOST,
      container: container.name,
    });
    expect(reply).toMatchObject({ ok: true });
    const entries = (): LogEntry[] =>
      viewer.frames
        .filter((f) => f.subject === 'logs.history' || f.subject === 'logs.batch')
        .flatMap((f) => (f.data as { entries: LogEntry[] }).entries);
    const lines = () => entries().filter((e) => e.kind === 'line');
    await waitFor(() => lines().length >= 10, { timeoutMs: 20_000, what: 'the first lines live' });

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    await fillDisk();
    const linesAtFault = lines().length;

    // A login and a new token cannot be saved: 503, with the reason.
    const token = await admin.call('POST', '/api/api-tokens', { name: 'during the fault' });
    expect(token).toMatchObject({ status: 503, body: { error: { code: 'store_unavailable' } } });
    expect(token.body.error.message).toMatch(/^the manager's database is full/);
    expect(token.headers.get('retry-after')).not.toBeNull();
    const login = await new ApiClient(manager.url, {}).call('POST', '/api/login', {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    expect(login).toMatchObject({ status: 503, body: { error: { code: 'store_unavailable' } } });

    // Sessions that only read keep working, or answer 503: never 401.
    for (const client of [admin, reader]) {
      for (const path of ['/api/me', '/api/agents', '/api/containers']) {
        expect([200, 503], `${path}`).toContain((await client.call('GET', path)).status);
      }
    }

    const health = await fetch(`${manager.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.json()).toMatchObject({
      status: 'degraded',
      store: { ok: false, error: expect.stringMatching(/full/), since: expect.any(Number) },
    });
    expect(logged.filter((msg) => msg.startsWith('store failing:'))).toHaveLength(1);

    // The live stream flows on through the fault.
    await waitFor(() => lines().length >= linesAtFault + 20, {
      timeoutMs: 20_000,
      what: 'live lines while the disk is full',
    });
    expect(viewer.closed).toBeUndefined();

    await freeDisk();
    await waitFor(async () => (await fetch(`${manager.url}/healthz`)).status === 200, {
      timeoutMs: 15_000,
      what: '/healthz ok again without a restart',
    });
    delay.disable();
    expect(logged.filter((msg) => msg.startsWith('store recovered after'))).toHaveLength(1);
    expect(await admin.call('POST', '/api/api-tokens', { name: 'after the fault' })).toMatchObject({
      status: 201,
    });
    expect(
      (
        await new ApiClient(manager.url).call('POST', '/api/login', {
          username: 'admin',
          password: ADMIN_PASSWORD,
        })
      ).status,
    ).toBe(200);

    // Every line the container printed reached the viewer once and in order.
    await waitFor(() => lines().length >= LINES, { timeoutMs: 30_000, what: `all ${LINES} lines` });
    const printed = (await dockerLogs(engine, container.id, { stdout: true, stderr: false })).stdout
      .toString('utf8')
      .split('\n')
      .filter(Boolean);
    const received = lines().map((e) => (e as { text: string }).text);
    const seen = new Set<string>();
    let repeated = 0;
    for (const text of received) {
      if (seen.has(text)) repeated += 1;
      seen.add(text);
    }
    const lost = printed.filter((text) => !seen.has(text)).length;
    const gaps = entries().filter((e) => e.kind === 'gap').length;
    console.log(
      `FAULT store-disk-full | lines checked ${printed.length} | lost without gap ${gaps === 0 ? lost : 'n/a'}` +
        ` | repeated ${repeated} | event-loop delay max ${(delay.max / 1e6).toFixed(1)} ms` +
        ` | p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms | gaps ${gaps}`,
    );
    expect(printed).toHaveLength(LINES);
    expect(received).toEqual(printed);
    expect(viewer.closed).toBeUndefined();
    viewer.close();
  });
});
