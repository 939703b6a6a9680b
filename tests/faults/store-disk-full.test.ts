import { execFile, execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { managerStatusSchema } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, runContainer, waitFor, waitForExit } from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';
import { FaultBed } from './fault-bed.ts';
import { settle, stopFollowers, tickerScript, warmUp, watchContainer } from './fault-run.ts';
import { judgeFault } from './fault-verdict.ts';

// The manager's disk fills up under it: its data folder is a small tmpfs, filled to the last
// block. Logins and token creation answer 503 with the reason, existing sessions are never
// logged out, live logs keep flowing to viewers and `bosun logs -f`, /healthz says degraded,
// and once space is freed the manager recovers by itself. The manager runs as a process, so
// the event-loop delay it reports (`/api/status`) is its own under the fault.

const engine = engineFromEnv();
const LINES = 300;
const ADMIN_PASSWORD = 'fault suite admin password';

let root: string;
let disk: string;
let mounted = false;
let bed: FaultBed | undefined;

function sh(script: string): string {
  return execFileSync('sh', ['-c', script], { encoding: 'utf8' });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-fault-disk-'));
  disk = join(root, 'disk');
  await mkdir(disk);
  sh(`mount -t tmpfs -o size=16m,mode=0700 tmpfs '${disk}'`);
  mounted = true;
  const dataDir = join(disk, 'data');
  await mkdir(dataDir, { mode: 0o700 });
  bed = await FaultBed.start(engine, { dataDir });
  await warmUp(bed);
});

afterAll(async () => {
  stopFollowers();
  await bed?.close();
  if (mounted) sh(`umount '${disk}'`);
  await rm(root, { recursive: true, force: true });
});

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
    const baseline = await manager.heaps();
    const reader = (await admin.newUser('reader', 'viewer')).client;
    const container = await runContainer(engine, {
      name: 'disk-full-lines',
      cmd: ['sh', '-c', tickerScript('disk', LINES, 0.03)],
    });
    const audience = await watchContainer(manager, container);
    const shown = () => Math.min(...audience.watched.map((w) => w.lines.length));
    await waitFor(() => shown() >= 10, { timeoutMs: 20_000, what: 'the first lines live' });

    await fillDisk();
    const linesAtFault = shown();
    let delayMaxMs = 0;
    const sampleDelay = async () => {
      const status = managerStatusSchema.parse((await reader.call('GET', '/api/status')).body);
      delayMaxMs = Math.max(delayMaxMs, status.eventLoopDelayMs.max);
    };

    // A new token and a login cannot be saved: 503, with the reason.
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
    await waitFor(() => manager.manager.logged(/^store failing:/) > 0, {
      timeoutMs: 10_000,
      what: 'the manager to log that its store fails',
    });

    // The live stream flows on through the fault.
    await waitFor(
      async () => {
        await sampleDelay();
        return shown() >= linesAtFault + 20;
      },
      { timeoutMs: 20_000, what: 'live lines while the disk is full' },
    );
    await sampleDelay();

    await freeDisk();
    await waitFor(async () => (await fetch(`${manager.url}/healthz`)).status === 200, {
      timeoutMs: 15_000,
      what: '/healthz ok again without a restart',
    });
    await waitFor(() => manager.manager.logged(/^store recovered after/) > 0, {
      timeoutMs: 10_000,
      what: 'the manager to log that its store recovered',
    });
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

    // Every line the container printed reached every viewer and `bosun logs -f` once and in order.
    await waitForExit(engine, container.id);
    const settled = await settle(manager, audience, container);
    expect(settled.expected).toHaveLength(LINES);
    // Said once each, not once per failed operation.
    expect(manager.manager.logged(/^store failing:/)).toBe(1);
    expect(manager.manager.logged(/^store recovered after/)).toBe(1);
    await judgeFault(manager, 'store-disk-full', baseline, settled.total, {
      note: `manager event-loop delay max ${delayMaxMs.toFixed(1)} ms during the fault`,
    });
  });
});
