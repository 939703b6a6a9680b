import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  type Engine,
  ensureFixtureImage,
  type RunningContainer,
  runBosun,
  runContainer,
  startEngines,
  startTestAgent,
  type TestAgent,
  waitFor,
  waitForExit,
} from '../kit/index.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';

// The fleet as a user sees it: three independent Docker Engines, an agent on
// each, one manager, and the `bosun` CLI as a separate process.

const HOSTS = ['alpha', 'beta', 'gamma'] as const;
let engines: Engine[] = [];
let bed: TestManager;
let agents: TestAgent[] = [];
let configDir: string;
const boxes = new Map<string, RunningContainer>();

function bosun(args: readonly string[]) {
  return runBosun(args, {
    BOSUN_CONFIG: join(configDir, 'cli.json'),
    BOSUN_MANAGER: bed.url,
    BOSUN_TOKEN: '',
    BOSUN_PASSWORD: ADMIN_PASSWORD,
  });
}

beforeAll(async () => {
  engines = await startEngines(3);
  await Promise.all(engines.map((e) => ensureFixtureImage(e)));
  bed = await startTestManager();
  configDir = await mkdtemp(join(tmpdir(), 'bosun-fleet-cli-'));
  const admin = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
  agents = await Promise.all(
    HOSTS.map(async (name, i) => {
      const { token } = await admin.ok('POST', '/api/join-tokens', {});
      return startTestAgent({ managerUrl: bed.url, engine: engines[i]!, joinToken: token, name });
    }),
  );
  for (const [i, name] of HOSTS.entries()) {
    boxes.set(
      name,
      await runContainer(engines[i]!, {
        name: `web-${name}`,
        cmd: [
          'sh',
          '-c',
          `trap "exit 0" TERM; i=0; while true; do i=$((i+1)); echo "${name} $i"; sleep 0.05; done`,
        ],
      }),
    );
  }
  await waitFor(
    async () => {
      const { containers } = await admin.ok('GET', '/api/containers');
      return HOSTS.every((h) => containers.some((c: { name: string }) => c.name === boxes.get(h)!.name));
    },
    { timeoutMs: 20_000, what: 'the manager to know a container on every host' },
  );
  const login = await bosun(['login']);
  expect(login.code).toBe(0);
}, 180_000);

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await bed?.cleanup();
  await Promise.all(engines.map((e) => e.stop()));
  if (configDir) await rm(configDir, { recursive: true, force: true });
});

describe('three hosts, one manager', () => {
  it('bosun ps lists the containers of every host, and of one host when asked', async () => {
    const all = await bosun(['ps', '--format', 'json']);
    expect(all.code).toBe(0);
    const rows = all.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; agentName: string; state: string });
    for (const host of HOSTS) {
      expect(rows).toContainEqual(
        expect.objectContaining({ name: boxes.get(host)!.name, agentName: host, state: 'running' }),
      );
    }
    const one = await bosun(['ps', 'beta', '--format', 'json']);
    const names = one.stdout
      .toString()
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { agentName: string }).agentName);
    expect(new Set(names)).toEqual(new Set(['beta']));
  });

  it('stop, start and restart through the CLI change the real container on the right host', async () => {
    const box = boxes.get('gamma')!;
    const engine = engines[2]!;
    const target = `gamma/${box.name}`;
    expect((await bosun(['stop', target, '-t', '5'])).code).toBe(0);
    expect((await engine.docker.getContainer(box.id).inspect()).State.Running).toBe(false);
    // The other hosts' containers are untouched.
    expect((await engines[0]!.docker.getContainer(boxes.get('alpha')!.id).inspect()).State.Running).toBe(
      true,
    );
    expect((await bosun(['start', target])).code).toBe(0);
    expect((await engine.docker.getContainer(box.id).inspect()).State.Running).toBe(true);
    const before = (await engine.docker.getContainer(box.id).inspect()).State.StartedAt;
    expect((await bosun(['restart', target, '-t', '5'])).code).toBe(0);
    const after = await engine.docker.getContainer(box.id).inspect();
    expect(after.State.Running).toBe(true);
    expect(after.State.StartedAt).not.toBe(before);
  });

  it('bosun logs reads each host, byte-identical to docker logs on that host', async () => {
    for (const [i, host] of HOSTS.entries()) {
      const c = await runContainer(engines[i]!, {
        name: `hard-${host}`,
        cmd: [
          'sh',
          '-c',
          `printf '${host} \\303\\251\\r\\n'; yes z | head -n 20000 | tr -d '\\n'; echo; echo err >&2; printf 'tail'`,
        ],
      });
      await waitForExit(engines[i]!, c.id);
      const expected = await dockerLogs(engines[i]!, c.id, { stdout: true, stderr: true });
      const got = await waitFor(
        async () => {
          const r = await bosun(['logs', `${host}/${c.name}`]);
          return r.code === 0 ? r : undefined;
        },
        { timeoutMs: 15_000, what: `bosun logs ${host}/${c.name}` },
      );
      expect(got.stdout.equals(expected.stdout)).toBe(true);
      expect(got.stderr).toBe(expected.stderr.toString('utf8'));
    }
  });
});
