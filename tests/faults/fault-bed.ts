import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinTokenCreatedSchema } from '@bosun/protocol';
import { type HeapFigures, INSPECT_FLAG } from '../kit/heap-probe.ts';
import { type Engine, runBosun, spawnAgentBundle, spawnBosun, waitFor } from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';
import { BedProcess } from './bed-process.ts';
import { HEAP_TOLERANCE, type HeapChange } from './fault-figures.ts';
import { LinkProxy } from './link-proxy.ts';

/** The host name of the bed's agent. */
export const HOST = 'fault-host';
const ADMIN_PASSWORD = 'fault suite admin password';
const LISTENING = /bosun manager is listening on (http:\/\/\S+)/;
// How long the heap may take to come back: lingering streams end and their rings go.
const HEAP_SETTLE_MS = 20_000;

/** Both processes' memory at one moment. */
export type BedHeaps = { manager: HeapFigures; agent: HeapFigures };

/**
 * `bosun manager` and the single-file agent as processes (each with its inspector open on
 * loopback, to read its heap), the agent dialling the manager through a `LinkProxy`, an admin
 * API client and a logged-in CLI. The manager and agent can be killed and started again from
 * their data and state folders.
 */
export class FaultBed {
  readonly engine: Engine;
  readonly proxy: LinkProxy;
  readonly admin: ApiClient;
  /** Settings for `bosun` child processes: a private config file, logged in as admin. */
  readonly cliEnv: Record<string, string>;
  manager: BedProcess;
  agent: BedProcess;
  readonly #dirs: { data: string; state: string; config: string };
  readonly #url: string;

  private constructor(parts: {
    engine: Engine;
    proxy: LinkProxy;
    admin: ApiClient;
    cliEnv: Record<string, string>;
    manager: BedProcess;
    agent: BedProcess;
    dirs: { data: string; state: string; config: string };
  }) {
    this.engine = parts.engine;
    this.proxy = parts.proxy;
    this.admin = parts.admin;
    this.cliEnv = parts.cliEnv;
    this.manager = parts.manager;
    this.agent = parts.agent;
    this.#dirs = parts.dirs;
    this.#url = parts.admin.url;
  }

  /** `dataDir`: the manager's data folder (made and removed by the caller); else a temporary one. */
  static async start(engine: Engine, options: { dataDir?: string } = {}): Promise<FaultBed> {
    const dirs = {
      data: options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bosun-fault-manager-'))),
      state: await mkdtemp(join(tmpdir(), 'bosun-fault-agent-')),
      config: await mkdtemp(join(tmpdir(), 'bosun-fault-cli-')),
    };
    const { manager, url } = await startManagerProcess(dirs.data, '127.0.0.1:0');
    const admin = await ApiClient.login(url, 'admin', ADMIN_PASSWORD);
    const proxy = await LinkProxy.start(url);
    const { token } = await admin.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {
      name: HOST,
    });
    const agent = await startAgentProcess(engine, proxy.url, dirs.state, token);
    await admin.waitForAgentOnline(HOST, 30_000);
    const cliEnv = {
      BOSUN_CONFIG: join(dirs.config, 'cli.json'),
      BOSUN_MANAGER: url,
      BOSUN_TOKEN: '',
      BOSUN_PASSWORD: '',
    };
    const login = await runBosun(['login'], { ...cliEnv, BOSUN_PASSWORD: ADMIN_PASSWORD });
    if (login.code !== 0) throw new Error(`bosun login failed: ${login.stderr}`);
    return new FaultBed({ engine, proxy, admin, cliEnv, manager, agent, dirs });
  }

  get url(): string {
    return this.#url;
  }

  /** Headers a viewer socket authenticates with (the admin's session, valid across restarts). */
  viewerHeaders(): Record<string, string> {
    return this.admin.headersForSocket();
  }

  /** kill -9 the manager, run `whileDown`, and start it again on the same port and data. */
  async restartManager(whileDown?: () => Promise<void>): Promise<void> {
    await this.manager.kill();
    await whileDown?.();
    const port = new URL(this.#url).port;
    this.manager = (await startManagerProcess(this.#dirs.data, `127.0.0.1:${port}`)).manager;
  }

  /** kill -9 the agent, run `whileDown`, and start it again from its state folder. */
  async restartAgent(whileDown?: () => Promise<void>): Promise<void> {
    await this.agent.kill();
    await whileDown?.();
    this.agent = await startAgentProcess(this.engine, this.proxy.url, this.#dirs.state);
  }

  async waitForAgentOnline(timeoutMs = 60_000): Promise<void> {
    await this.admin.waitForAgentOnline(HOST, timeoutMs);
  }

  async heaps(): Promise<BedHeaps> {
    const [manager, agent] = await Promise.all([this.manager.heap(), this.agent.heap()]);
    return { manager, agent };
  }

  /**
   * The processes' memory once a fault is over, measured until both heaps are back within the
   * tolerance of `baseline` or `HEAP_SETTLE_MS` has passed (then the last measure, which the
   * test's assertion refuses).
   */
  async heapsAfter(baseline: BedHeaps): Promise<{ manager: HeapChange; agent: HeapChange }> {
    const within = (before: HeapFigures, after: HeapFigures) =>
      after.heapBytes <= before.heapBytes * (1 + HEAP_TOLERANCE);
    const started = performance.now();
    for (;;) {
      const now = await this.heaps();
      const settled = within(baseline.manager, now.manager) && within(baseline.agent, now.agent);
      if (settled || performance.now() - started > HEAP_SETTLE_MS)
        return {
          manager: { before: baseline.manager, after: now.manager },
          agent: { before: baseline.agent, after: now.agent },
        };
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }

  async close(): Promise<void> {
    await this.agent.stop();
    await this.manager.stop();
    await this.proxy.close();
    for (const dir of Object.values(this.#dirs)) await rm(dir, { recursive: true, force: true });
  }
}

async function startManagerProcess(dataDir: string, listen: string) {
  const child = spawnBosun(
    ['manager', '--listen', listen, '--data-dir', dataDir, '--no-local-agent'],
    // Info, for the messages the faults look for (the store failing and recovering).
    { BOSUN_ADMIN_PASSWORD: ADMIN_PASSWORD, BOSUN_LOCAL_AGENT: '0', BOSUN_LOG_LEVEL: 'info' },
    { nodeArgs: [INSPECT_FLAG] },
  );
  const manager = await BedProcess.adopt(child, 'the manager');
  const url = await waitFor(() => LISTENING.exec(manager.stdout())?.[1], {
    timeoutMs: 30_000,
    what: 'the manager to listen',
    detail: () => manager.stderr(),
  });
  return { manager, url };
}

function startAgentProcess(engine: Engine, managerUrl: string, stateDir: string, joinToken?: string) {
  const child = spawnAgentBundle(
    ['--manager', managerUrl, '--state-dir', stateDir, '--name', HOST],
    {
      BOSUN_DOCKER_HOST: engine.dockerHost,
      // Info, for the messages the faults look for (a cancelled read, a silent manager).
      BOSUN_LOG_LEVEL: 'info',
      ...(joinToken ? { BOSUN_JOIN_TOKEN: joinToken } : {}),
    },
    { nodeArgs: [INSPECT_FLAG] },
  );
  return BedProcess.adopt(child, 'the agent');
}
