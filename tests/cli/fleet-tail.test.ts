import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RunningManager, startManager } from '@bosun/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  type Engine,
  ensureFixtureImage,
  openGate,
  type RunningContainer,
  runBosun,
  runContainer,
  spawnBosun,
  startEngines,
  startTestAgent,
  type TestAgent,
  WAIT_AT_GATE,
  waitFor,
  waitForExit,
  watchChild,
} from '../kit/index.ts';
import { ADMIN_PASSWORD, ApiClient } from '../kit/test-manager.ts';

// `bosun logs` over a fleet, as stern does for Kubernetes: three Docker Engines with an agent
// each, one manager, and the CLI as a separate process with patterns for targets.

const HOSTS = ['alpha', 'beta', 'gamma'] as const;
let engines: Engine[] = [];
let manager: RunningManager;
let dataDir: string;
let configDir: string;
let admin: ApiClient;
let agents: TestAgent[] = [];

const env = () => ({
  BOSUN_CONFIG: join(configDir, 'cli.json'),
  BOSUN_MANAGER: manager.url,
  BOSUN_TOKEN: '',
  BOSUN_PASSWORD: ADMIN_PASSWORD,
  NO_COLOR: '1',
});
const bosun = (args: readonly string[]) => runBosun(args, env());

/** `host/container | text` lines of a fleet tail, split. */
function prefixed(stdout: string): { label: string; text: string }[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const match = /^(\S+)\s* \| (.*)$/.exec(line);
      if (!match) throw new Error(`not a prefixed line: ${JSON.stringify(line)}`);
      return { label: match[1] as string, text: match[2] as string };
    });
}

async function runToExit(engine: Engine, name: string, script: string): Promise<RunningContainer> {
  const c = await runContainer(engine, { name, exactName: true, cmd: ['sh', '-c', script] });
  expect(await waitForExit(engine, c.id)).toBe(0);
  await admin.waitForContainer({ name });
  return c;
}

beforeAll(async () => {
  engines = await startEngines(3);
  await Promise.all(engines.map((e) => ensureFixtureImage(e)));
  dataDir = await mkdtemp(join(tmpdir(), 'bosun-fleet-tail-'));
  configDir = await mkdtemp(join(tmpdir(), 'bosun-fleet-tail-cli-'));
  manager = await startManager({ listen: '127.0.0.1:0', adminPassword: ADMIN_PASSWORD, dataDir });
  admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
  agents = await Promise.all(
    HOSTS.map(async (name, i) => {
      const { token } = await admin.ok('POST', '/api/join-tokens', {});
      return startTestAgent({ managerUrl: manager.url, engine: engines[i]!, joinToken: token, name });
    }),
  );
  // Each host's web writes five lines, interleaved in time with the others' (they start together).
  await Promise.all(
    HOSTS.map((host, i) =>
      runToExit(
        engines[i]!,
        'ft-web',
        `for i in 1 2 3 4 5; do echo "${host} $i"; ${host === 'beta' ? 'echo "ERROR: beta failed $i" >&2; ' : ''}sleep 0.05; done`,
      ),
    ),
  );
  await runToExit(engines[1]!, 'ft-worker', 'echo "worker done"');
  const login = await bosun(['login']);
  expect(login.code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await manager?.close();
  await Promise.all(engines.map((e) => e.stop()));
  for (const dir of [dataDir, configDir]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bosun logs over the fleet', () => {
  it('merges a bare name from every host by timestamp, each line once, prefixed and padded', async () => {
    const result = await bosun(['logs', '-t', 'ft-web']);
    expect(result.code).toBe(0);
    const lines = prefixed(result.stdout.toString());
    expect(lines).toHaveLength(20);
    const stamps = lines.map((line) => line.text.slice(0, 30));
    expect(stamps).toEqual([...stamps].sort());
    for (const host of HOSTS) {
      const own = lines.filter((line) => line.label === `${host}/ft-web`).map((line) => line.text.slice(31));
      const expected = [1, 2, 3, 4, 5].map((i) => `${host} ${i}`);
      expect(own.filter((text) => !text.startsWith('ERROR'))).toEqual(expected);
    }
    // The prefix column is as wide as the longest label: gamma/ft-web and alpha/ft-web line up.
    expect(
      new Set(
        result.stdout
          .toString()
          .split('\n')
          .filter(Boolean)
          .map((l) => l.indexOf(' | ')),
      ).size,
    ).toBe(1);
  });

  it('takes several targets and host patterns, and -n per container', async () => {
    const result = await bosun(['logs', '-n', '1', 'alpha/ft-web', '*/ft-worker', 'g*/ft-w?b']);
    expect(result.code).toBe(0);
    expect(
      prefixed(result.stdout.toString())
        .map((l) => `${l.label} ${l.text}`)
        .sort(),
    ).toEqual(['alpha/ft-web alpha 5', 'beta/ft-worker worker done', 'gamma/ft-web gamma 5']);
  });

  it('filters by --stream and --level, and drops the prefix with --no-prefix', async () => {
    const errors = await bosun(['logs', '--stream', 'stderr', '--no-prefix', 'ft-web']);
    expect(errors.stdout.toString()).toBe([1, 2, 3, 4, 5].map((i) => `ERROR: beta failed ${i}\n`).join(''));
    const levelled = await bosun(['logs', '--level', 'error', '*/ft-*']);
    expect(prefixed(levelled.stdout.toString()).map((l) => l.label)).toEqual(Array(5).fill('beta/ft-web'));
    const none = await bosun(['logs', '--level', 'none', '--stream', 'stdout', 'beta/*']);
    expect(prefixed(none.stdout.toString())).toHaveLength(6);
  });

  it('prints one JSON object per line with --format json', async () => {
    const result = await bosun(['logs', '--format', 'json', '--level', 'error', 'beta/ft-web']);
    expect(result.code).toBe(0);
    const records = result.stdout
      .toString()
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({
      host: 'beta',
      container: 'ft-web',
      stream: 'stderr',
      text: 'ERROR: beta failed 1',
      level: 'error',
    });
    expect(records[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it('keeps docker logs output for one named container, with a prefix only when asked', async () => {
    const plain = await bosun(['logs', 'alpha/ft-web']);
    expect(plain.stdout.toString()).toBe([1, 2, 3, 4, 5].map((i) => `alpha ${i}\n`).join(''));
    const forced = await bosun(['logs', '--prefix', '-n', '1', 'alpha/ft-web']);
    expect(forced.stdout.toString()).toBe('alpha/ft-web | alpha 5\n');
  });

  it('exits 4 when a target matches nothing', async () => {
    const pattern = await bosun(['logs', 'nothing-*']);
    expect(pattern.code).toBe(4);
    expect(pattern.stderr).toContain('no container matches nothing-*');
    const named = await bosun(['logs', 'alpha/ft-web', 'beta/missing']);
    expect(named.code).toBe(4);
  });

  it('prints every line of more containers than the manager reads at once per user, merged by time', async () => {
    // Twelve containers: more than the fleet tail reads at once (4) and than the manager allows
    // one user (8), which once made the tail wait forever on the reads the manager refused.
    const names = Array.from({ length: 12 }, (_, i) => `many-${String(i + 1).padStart(2, '0')}`);
    const containers = await Promise.all(
      names.map((name) =>
        runToExit(
          engines[0]!,
          name,
          `i=0; while [ $i -lt 500 ]; do i=$((i+1)); echo "${name} line $i"; done`,
        ),
      ),
    );
    const result = await bosun(['logs', 'many-*']);
    expect(result.code).toBe(0);
    expect(result.stderr.toString()).toBe('');
    const lines = prefixed(result.stdout.toString());
    expect(lines).toHaveLength(12 * 500);
    for (const container of containers) {
      const printed = lines
        .filter((line) => line.label === `alpha/${container.name}`)
        .map((line) => line.text);
      const stored = (await dockerLogs(engines[0]!, container.id, { stdout: true, stderr: true })).stdout
        .toString()
        .split('\n')
        .filter(Boolean);
      expect(printed).toEqual(stored);
    }
    const stamped = await bosun(['logs', '-t', 'many-*']);
    expect(stamped.code).toBe(0);
    const stamps = prefixed(stamped.stdout.toString()).map((line) => line.text.slice(0, 30));
    expect(stamps).toHaveLength(12 * 500);
    expect(stamps).toEqual([...stamps].sort());
  });

  it('-f over more containers than the manager reads at once prints their history, then their new lines', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `gated-${String(i + 1).padStart(2, '0')}`);
    const containers = await Promise.all(
      names.map(async (name) => {
        const c = await runContainer(engines[0]!, {
          name,
          exactName: true,
          cmd: ['sh', '-c', `echo "${name} before"; ${WAIT_AT_GATE}; echo "${name} after"`],
        });
        await admin.waitForContainer({ name });
        return c;
      }),
    );
    await waitFor(
      async () => {
        const logs = await Promise.all(
          containers.map((c) => dockerLogs(engines[0]!, c.id, { stdout: true, stderr: true })),
        );
        return logs.every((log) => log.stdout.toString().includes('before'));
      },
      { timeoutMs: 20_000, what: 'every container to write its first line' },
    );
    const tail = watchChild(spawnBosun(['logs', '-f', 'gated-*'], env()));
    const printed = (word: string) => () => names.every((name) => tail.stdout().includes(`${name} ${word}`));
    await waitFor(printed('before'), {
      timeoutMs: 20_000,
      what: 'the history of all 12',
      detail: tail.stderr,
    });
    await Promise.all(containers.map((c) => openGate(c.container)));
    await waitFor(printed('after'), {
      timeoutMs: 20_000,
      what: 'a new line from all 12',
      detail: tail.stderr,
    });
    const result = await tail.interrupt();
    expect(result.code).toBe(0);
    const lines = prefixed(result.stdout.toString());
    for (const name of names) {
      const own = lines.filter((line) => line.label === `alpha/${name}`).map((line) => line.text);
      expect(own).toEqual([`${name} before`, `${name} after`]);
    }
  });

  it('-f follows a container that appears, through a restart and a manager restart, each line once', async () => {
    // /tmp survives a restart, so each run numbers itself.
    const ticker = (host: string) =>
      'n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n; ' +
      `i=0; while true; do i=$((i+1)); echo "${host} run $n tick $i"; sleep 0.1; done`;
    const first = await runContainer(engines[0]!, {
      name: 'ft-live-a',
      exactName: true,
      cmd: ['sh', '-c', ticker('alpha')],
    });
    await admin.waitForContainer({ name: 'ft-live-a' });
    const tail = watchChild(spawnBosun(['logs', '-f', '-v', '*/ft-live-*'], env()));
    const seen = (text: string) => () => tail.stdout().includes(text);
    await waitFor(seen('alpha run 1 tick 3'), {
      timeoutMs: 20_000,
      what: 'the first container',
      detail: tail.stderr,
    });

    const second = await runContainer(engines[2]!, {
      name: 'ft-live-c',
      exactName: true,
      cmd: ['sh', '-c', ticker('gamma')],
    });
    await waitFor(seen('gamma/ft-live-c | gamma run 1 tick 3'), {
      timeoutMs: 20_000,
      what: 'the container created while following',
      detail: tail.stderr,
    });

    await first.container.restart({ t: 0 });
    await waitFor(seen('alpha run 2 tick 3'), {
      timeoutMs: 20_000,
      what: 'the restarted run',
      detail: tail.stderr,
    });

    const listen = `127.0.0.1:${manager.address.port}`;
    await manager.close();
    manager = await startManager({ listen, adminPassword: ADMIN_PASSWORD, dataDir });
    const resumed = (host: string, run: number) => {
      const ticks = [...tail.stdout().matchAll(new RegExp(`${host} run ${run} tick (\\d+)`, 'g'))];
      return ticks.length;
    };
    const before = { alpha: resumed('alpha', 2), gamma: resumed('gamma', 1) };
    await waitFor(() => resumed('alpha', 2) > before.alpha + 5 && resumed('gamma', 1) > before.gamma + 5, {
      timeoutMs: 30_000,
      what: 'lines after the manager restart',
      detail: tail.stderr,
    });

    const result = await tail.interrupt();
    expect(result.code).toBe(0);
    const lines = prefixed(result.stdout.toString());
    for (const [container, engine] of [
      [first, engines[0]!],
      [second, engines[2]!],
    ] as const) {
      const label = `${container === first ? 'alpha' : 'gamma'}/${container.name}`;
      const printed = lines.filter((line) => line.label === label).map((line) => line.text);
      const stored = (await dockerLogs(engine, container.id, { stdout: true, stderr: true })).stdout
        .toString()
        .split('\n');
      // Every line from the first on, in order, none twice: what docker holds, up to where we stopped.
      expect(printed).toEqual(stored.slice(0, printed.length));
    }
  });
});
