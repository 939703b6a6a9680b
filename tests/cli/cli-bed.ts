import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startManager } from '@bosun/server';
import {
  type CliResult,
  type Engine,
  runBosun,
  startTestAgent,
  type TestAgent,
  waitFor,
} from '../kit/index.ts';

export const ADMIN_PASSWORD = 'correct horse battery staple';
export const HOST = 'cli-host';

/** A manager's HTTP API as a logged-in browser uses it (cookie + same Origin). */
export class AdminSession {
  readonly url: string;
  readonly #cookie: string;

  private constructor(url: string, cookie: string) {
    this.url = url;
    this.#cookie = cookie;
  }

  static async login(url: string, username: string, password: string): Promise<AdminSession> {
    const response = await fetch(`${url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: url },
      body: JSON.stringify({ username, password }),
    });
    if (!response.ok)
      throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('bosun_session='));
    if (!cookie) throw new Error('no session cookie');
    return new AdminSession(url, cookie.split(';')[0]!);
  }

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', origin: this.url, cookie: this.#cookie },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

export type CliBed = {
  managerUrl: string;
  admin: AdminSession;
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
  const start = (listen: string) =>
    startManager({ listen, dataDir, adminPassword: ADMIN_PASSWORD, localAgent: false });
  let manager = await start('127.0.0.1:0');
  const admin = await AdminSession.login(manager.url, 'admin', ADMIN_PASSWORD);
  const { token } = await admin.call<{ token: string }>('POST', '/api/join-tokens', { name: HOST });
  const agent = await startTestAgent({ managerUrl: manager.url, engine, joinToken: token, name: HOST });
  await waitFor(
    async () => {
      const { agents } = await admin.call<{ agents: Array<{ name: string; online: boolean }> }>(
        'GET',
        '/api/agents',
      );
      return agents.some((a) => a.name === HOST && a.online);
    },
    { timeoutMs: 15_000, what: `agent ${HOST} to come online` },
  );
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
    waitForContainer: async (name) => {
      await waitFor(
        async () => {
          const { containers } = await admin.call<{ containers: Array<{ name: string }> }>(
            'GET',
            '/api/containers',
          );
          return containers.some((c) => c.name === name);
        },
        { timeoutMs: 15_000, what: `the manager to know container ${name}` },
      );
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
