import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '@bosun/server';
import { afterAll, beforeAll } from 'vitest';
import {
  type CliResult,
  type Engine,
  type RunningContainer,
  runBosun,
  runContainer,
  spawnBosun,
  type TestAgent,
  type WatchedChild,
  waitFor,
  waitForExit,
  watchChild,
} from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ApiClient } from '../kit/test-manager.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';
export const HOST = 'cli-host';

export type CliBed = {
  managerUrl: string;
  admin: ApiClient;
  agent: TestAgent;
  /** Settings for `bosun` child processes: a private config file, nothing from the outer environment. */
  env: Record<string, string>;
  bosun(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  waitForContainer(name: string): Promise<void>;
  /** Runs `sh -c script` in a new container until it exits 0, and waits until the manager lists it. */
  runToExit(name: string, script: string): Promise<RunningContainer>;
  /** `bosun logs -f -v ...args`, once it says it follows the live stream. */
  followLive(args: readonly string[]): Promise<WatchedChild>;
  /** Stops the manager and starts it again on the same port and data (a manager upgrade or crash). */
  restartManager(): Promise<void>;
  close(): Promise<void>;
};

/** A real manager, one real agent named HOST on `engine`, and a CLI logged in as admin. */
export async function startCliBed(engine: Engine): Promise<CliBed> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bosun-cli-manager-'));
  const configDir = await mkdtemp(join(tmpdir(), 'bosun-cli-config-'));
  const start = (listen: string) => startManager({ listen, dataDir, adminPassword: ADMIN_PASSWORD });
  let manager = await start('127.0.0.1:0');
  const admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
  const agent = await joinTestAgent(admin, { engine, name: HOST });
  const env = {
    BOSUN_CONFIG: join(configDir, 'cli.json'),
    BOSUN_MANAGER: manager.url,
    BOSUN_TOKEN: '',
    BOSUN_PASSWORD: '',
  };
  const bosun = (args: readonly string[], extra: Record<string, string> = {}) =>
    runBosun(args, { ...env, ...extra });
  const login = await bosun(['login'], { BOSUN_PASSWORD: ADMIN_PASSWORD });
  if (login.code !== 0) throw new Error(`bosun login failed: ${login.stderr}`);
  return {
    managerUrl: manager.url,
    admin,
    agent,
    env,
    bosun,
    waitForContainer: (name) => admin.waitForContainer({ name }),
    runToExit: async (name, script) => {
      const c = await runContainer(engine, { name, cmd: ['sh', '-c', script] });
      const code = await waitForExit(engine, c.id);
      if (code !== 0) throw new Error(`container ${c.name} exited ${code}, not 0`);
      await admin.waitForContainer({ name: c.name });
      return c;
    },
    followLive: async (args) => {
      const child = watchChild(spawnBosun(['logs', '-f', '-v', ...args], env));
      await waitFor(() => child.stderr().includes('following the live stream'), {
        timeoutMs: 15_000,
        what: 'the live subscription',
        detail: child.stderr,
      });
      return child;
    },
    restartManager: async () => {
      const listen = `127.0.0.1:${manager.address.port}`;
      await manager.close();
      manager = await start(listen);
    },
    close: async () => {
      await agent.stop();
      await manager.close();
      await rm(dataDir, { recursive: true, force: true });
      await rm(configDir, { recursive: true, force: true });
    },
  };
}

/** For a test file: a CLI bed on `engine`, started before its tests and closed after them. */
export function useCliBed(engine: Engine): CliBed {
  const bed = {} as CliBed;
  beforeAll(async () => {
    Object.assign(bed, await startCliBed(engine));
  });
  afterAll(async () => {
    await bed.close?.();
  });
  return bed;
}
