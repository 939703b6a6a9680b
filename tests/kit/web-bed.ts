import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ManagerOptions } from '@bosun/server';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { assertNoPageErrors, type BrowserSession, launchBrowser, logIn } from './browser.ts';
import { findChromium } from './chromium.ts';
import { removeTestContainers, runContainer } from './containers.ts';
import type { Engine } from './docker-engine.ts';
import { joinTestAgent } from './manager-with-agent.ts';
import { startTestAgent, type TestAgent } from './test-agent.ts';
import { engineFromEnv } from './test-engine.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from './test-manager.ts';

// One bed per web test file: a real manager serving the built UI, one real agent on the primary
// engine, and a Chromium logged in as nobody yet.

export const WEB_DIST = join(import.meta.dirname, '..', '..', 'packages', 'web', 'dist');

/** The UI tests run against the built app; scripts/test.sh builds it before vitest. */
export function assertWebBuilt(): void {
  if (!existsSync(join(WEB_DIST, 'index.html')))
    throw new Error(
      `build the web UI first: npm run build -w @bosun/web (no ${join(WEB_DIST, 'index.html')})`,
    );
}

export type WebBed = {
  engine: Engine;
  /** The manager's URL; it stays the same across `restartManager`. */
  url: string;
  manager: TestManager;
  admin: ApiClient;
  agentName: string;
  /** The agent now running (a new one after `startAgent`). */
  agent: TestAgent;
  browser: BrowserSession;
  page: Page;
  logInAsAdmin(): Promise<void>;
  /** Waits until the manager lists the container (by name) on this bed's agent. */
  waitForContainer(name: string): Promise<void>;
  /** Closes the manager and starts it again on the same port and data folder. */
  restartManager(): Promise<void>;
  /** Stops the agent, keeping its state folder (its credential), as a host going down would. */
  stopAgent(): Promise<void>;
  /** Starts the agent again from its state folder, as the host coming back would. */
  startAgent(): Promise<void>;
  /** Closes everything, then throws if the page tried to reach beyond loopback. */
  close(): Promise<void>;
};

export async function startWebBed(options: {
  agentName: string;
  hubOptions?: ManagerOptions['hubOptions'];
  /** A log store the manager serves stored logs and searches from (a test fills it). */
  logStore?: ManagerOptions['logStore'];
}): Promise<WebBed> {
  assertWebBuilt();
  findChromium();
  const engine = engineFromEnv();
  // Test files run one at a time: what an earlier file left on the engine would crowd the pages.
  await removeTestContainers(engine);
  const start = (extra: { dataDir?: string; listen?: string } = {}) =>
    startTestManager({
      webDir: WEB_DIST,
      ...(options.hubOptions ? { hubOptions: options.hubOptions } : {}),
      ...(options.logStore ? { logStore: options.logStore } : {}),
      ...extra,
    });
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    const errors: unknown[] = [];
    for (const close of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        errors.push(error);
      }
    }
    closers.length = 0;
    if (errors.length > 0) throw new AggregateError(errors, 'the web bed did not close cleanly');
  };
  try {
    let manager = await start();
    const first = manager;
    closers.push(() => first.cleanup());
    closers.push(() => removeTestContainers(engine));
    let admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
    // The bed owns the state folder so that the agent can be stopped and started again with it.
    const stateDir = await mkdtemp(join(tmpdir(), 'bosun-agent-'));
    closers.push(() => rm(stateDir, { recursive: true, force: true }));
    const agentConfig = { engine, stateDir, name: options.agentName };
    let agent: TestAgent | undefined = await joinTestAgent(admin, agentConfig);
    closers.push(() => agent?.stop() ?? Promise.resolve());
    const browser = await launchBrowser();
    closers.push(() => browser.close());
    const bed: WebBed = {
      engine,
      url: manager.url,
      get manager() {
        return manager;
      },
      get admin() {
        return admin;
      },
      agentName: options.agentName,
      get agent() {
        if (!agent) throw new Error('the agent is stopped');
        return agent;
      },
      browser,
      page: browser.page,
      logInAsAdmin: () => logIn(browser.page, manager.url, 'admin', ADMIN_PASSWORD),
      waitForContainer: (name) => admin.waitForContainer({ name, agentName: options.agentName }),
      restartManager: async () => {
        const listen = `127.0.0.1:${manager.manager.address.port}`;
        await manager.close();
        manager = await start({ dataDir: first.dataDir, listen });
        const second = manager;
        closers.push(() => second.close());
        admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
      },
      stopAgent: async () => {
        const running = agent;
        agent = undefined;
        await running?.stop();
      },
      startAgent: async () => {
        if (agent) throw new Error('the agent is already running');
        agent = await startTestAgent({ ...agentConfig, managerUrl: manager.url });
      },
      close: async () => {
        await closeAll();
        browser.assertLoopbackOnly();
      },
    };
    return bed;
  } catch (error) {
    await closeAll().catch(() => {
      // The setup error is the one worth reporting; cleanup is best effort here.
    });
    throw error;
  }
}

/**
 * For a web test file: a bed started before its tests (before the file's own `beforeAll`), each
 * test checked for uncaught page errors after it, and the bed closed after them all.
 */
export function useWebBed(options: Parameters<typeof startWebBed>[0]): WebBed {
  let started: WebBed | undefined;
  const current = (): WebBed => {
    if (!started) throw new Error('the web bed starts in beforeAll');
    return started;
  };
  beforeAll(async () => {
    started = await startWebBed(options);
  });
  afterEach(() => assertNoPageErrors(current().browser));
  afterAll(async () => {
    await started?.close();
  });
  // The bed exists only once beforeAll has run, and its manager, admin and agent change on
  // restarts: every read goes to the bed as it is then.
  return new Proxy({} as WebBed, { get: (_target, key) => Reflect.get(current(), key) });
}

/** A labelled test container under a readable name (`web`, `db`): what the screenshots show. */
export async function runNamedContainer(
  engine: Engine,
  name: string,
  script: string,
  options: { start?: boolean } = {},
): Promise<{ id: string; name: string }> {
  const made = await runContainer(engine, { name, exactName: true, cmd: ['sh', '-c', script], ...options });
  return { id: made.id, name: made.name };
}

/**
 * A shell script that stops at once on `docker stop`: a shell as PID 1 ignores SIGTERM unless it
 * traps it, and Docker would wait out its 10 s grace period. Loops must sleep briefly so the trap
 * runs soon.
 */
export function stoppable(body: string): string {
  return `trap 'exit 0' TERM; ${body}`;
}
