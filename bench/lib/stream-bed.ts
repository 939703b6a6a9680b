import type { ChildProcess } from 'node:child_process';
import {
  type Engine,
  ensureFixtureImage,
  primaryEngine,
  type RunningContainer,
  runContainer,
} from '../../tests/kit/index.ts';
import { ApiClient } from '../../tests/kit/test-manager.ts';
import { spawnAgent } from './agent-process.ts';
import { stopChild } from './child-exit.ts';
import { BENCH_ADMIN_PASSWORD, type ManagerProcess, spawnManager } from './manager-process.ts';
import { startViewerFleet, type ViewerFleet } from './viewer-fleet.ts';
import type { ViewerLoadSpec } from './viewer-load.ts';

export const AGENT_NAME = 'bench';

/** What a bed needs of the manager it runs on: where it answers, whose CPU it is, how to stop it. */
export type BedManager = {
  url: string;
  /** The process that does the manager's work, for its CPU and memory. */
  pid: number;
  cleanup(): Promise<void>;
};

/**
 * A real engine, a manager (by default `bosun manager` as a process of its own) and `bosun agent`
 * as a process of its own, joined, and an API token.
 */
export type StreamBed<M extends BedManager = ManagerProcess> = {
  engine: Engine;
  manager: M;
  agent: ChildProcess;
  admin: ApiClient;
  /** An API token (`bsn_…`) for viewers and the CLI. */
  token: string;
  /**
   * Creates and starts a container with the kit's label and `labels` (`bosun.retain=true`, say)
   * and waits until the manager lists it.
   */
  container(name: string, cmd: string[], labels?: Record<string, string>): Promise<RunningContainer>;
  /** WebSocket viewers of one of its containers, with its API token, in load processes of their own. */
  viewers(
    container: string,
    spec: Omit<ViewerLoadSpec, 'url' | 'token' | 'agent' | 'container'>,
  ): ViewerFleet;
  close(): Promise<void>;
};

/** The bed on `bosun manager` as a process of its own. */
export function startStreamBed(): Promise<StreamBed> {
  // Fan-out's 500 viewers share one API token: past a user's default share of log sockets (a
  // quarter of 1,000), so the bed raises the total to give one user 600.
  return startStreamBedOn(() => spawnManager({ args: ['--max-log-sockets', '2400'] }));
}

/**
 * The bed on the manager `start` gives, whose first admin is `admin` with the bench's password
 * (e.g. the Cloudflare manager in local workerd).
 */
export async function startStreamBedOn<M extends BedManager>(start: () => Promise<M>): Promise<StreamBed<M>> {
  const engine = await primaryEngine();
  await ensureFixtureImage(engine);
  const manager = await start();
  let agent: ChildProcess | undefined;
  // Only its own containers go: on an engine others use too, their labelled containers are theirs.
  const created: RunningContainer[] = [];
  const close = async () => {
    if (agent) await stopChild(agent);
    await manager.cleanup();
    await Promise.all(created.map((c) => c.container.remove({ force: true, v: true }).catch(() => {})));
    await engine.stop();
  };
  try {
    const admin = await ApiClient.login(manager.url, 'admin', BENCH_ADMIN_PASSWORD);
    const { token } = await admin.ok<{ token: string }>('POST', '/api/api-tokens', { name: 'bench' });
    const join = await admin.ok<{ token: string }>('POST', '/api/join-tokens', { name: AGENT_NAME });
    agent = spawnAgent({ managerUrl: manager.url, joinToken: join.token, dockerHost: engine.dockerHost });
    await admin.waitForAgentOnline(AGENT_NAME, 30_000);
    return {
      engine,
      manager,
      agent,
      admin,
      token,
      container: async (name, cmd, labels) => {
        const c = await runContainer(engine, { name, cmd, ...(labels ? { labels } : {}) });
        created.push(c);
        await admin.waitForContainer({ id: c.id });
        return c;
      },
      viewers: (container, spec) =>
        startViewerFleet({ ...spec, url: manager.url, token, agent: AGENT_NAME, container }),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
