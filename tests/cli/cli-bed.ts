import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '@bosun/server';
import { type CliResult, type Engine, runBosun, startTestAgent, type TestAgent } from '../kit/index.ts';
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
  const { token } = await admin.ok<{ token: string }>('POST', '/api/join-tokens', { name: HOST });
  const agent = await startTestAgent({ managerUrl: manager.url, engine, joinToken: token, name: HOST });
  await admin.waitForAgentOnline(HOST);
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
