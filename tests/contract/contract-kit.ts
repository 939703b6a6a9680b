import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LogEntry,
  type LogLine,
  logsBatchSchema,
  logsHistorySchema,
  logsSkippedSchema,
  logsStatusSchema,
} from '@bosun/protocol';
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect } from 'vitest';
import { z } from 'zod';
import {
  type CliResult,
  type Engine,
  engineFromEnv,
  runBosun,
  spawnAgentBundle,
  type TestAgent,
  type WatchedChild,
  waitFor,
  watchChild,
} from '../kit/index.ts';
import { joinTestAgent } from '../kit/manager-with-agent.ts';
import { ApiClient, openViewer, type ViewerSocket } from '../kit/test-manager.ts';
import type { ContractManager, ContractRuntime } from './runtimes.ts';

/**
 * What one contract scenario file shares: a manager of one runtime, its admin logged in over
 * the API and with the `bosun` CLI, and one real agent named `host` on the primary engine.
 */
export type ContractBed = {
  manager: ContractManager;
  url: string;
  engine: Engine;
  admin: ApiClient;
  agent: TestAgent;
  host: string;
  /** A private folder for CLI configs and agent state, removed after the file. */
  dir: string;
  /** `bosun` as the admin, with a private config it logged in to. */
  bosun(args: readonly string[], env?: Record<string, string>): Promise<CliResult>;
  /** The environment `bosun` children run with, for commands the test spawns itself. */
  cliEnv: Record<string, string>;
  /** A viewer socket on /ws/logs as the admin; closed after the file. */
  viewer(): Promise<ViewerSocket>;
  /** A viewer socket on /ws/logs as `client`; closed after the file. */
  viewerAs(client: ApiClient): Promise<ViewerSocket>;
  /** Runs `fn` after the file, before the agent and manager stop (later ones first). */
  defer(fn: () => Promise<void> | void): void;
};

/**
 * For a `describe` of one runtime: starts its manager, logs the admin in (API and CLI) and joins
 * one real agent named `host` before the tests; stops them all after. Read the bed's fields
 * inside tests and hooks only: they are filled in by `beforeAll`.
 */
export function useContractBed(runtime: ContractRuntime, host: string): ContractBed {
  const bed = { host, engine: engineFromEnv() } as ContractBed;
  const deferred: Array<() => Promise<void> | void> = [];
  let started: ContractManager | undefined;
  let agent: TestAgent | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `bosun-contract-${runtime.name}-`));
    started = await runtime.start();
    const admin = await ApiClient.login(started.url, 'admin', started.adminPassword);
    agent = await joinTestAgent(admin, { engine: bed.engine, name: host });
    const cliEnv = {
      BOSUN_CONFIG: join(dir, 'admin-cli.json'),
      BOSUN_MANAGER: started.url,
      BOSUN_TOKEN: '',
      BOSUN_PASSWORD: '',
    };
    const viewerAs = async (client: ApiClient) => {
      const socket = await openViewer(client.url, client.headersForSocket());
      deferred.push(() => socket.ws.terminate());
      return socket;
    };
    const bosun = (args: readonly string[], env: Record<string, string> = {}) =>
      runBosun(args, { ...cliEnv, ...env });
    const login = await bosun(['login'], { BOSUN_PASSWORD: started.adminPassword });
    if (login.code !== 0) throw new Error(`bosun login as admin failed: ${login.stderr}`);
    Object.assign(bed, {
      manager: started,
      url: started.url,
      admin,
      agent,
      dir,
      bosun,
      cliEnv,
      viewer: () => viewerAs(admin),
      viewerAs,
      defer: (fn: () => Promise<void> | void) => deferred.push(fn),
    });
  });
  afterAll(async () => {
    for (const fn of deferred.reverse()) await fn();
    await agent?.stop();
    await started?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return bed;
}

/** Every entry `sub` received so far, history and live, in arrival order, checked against protocol's schemas. */
export function entriesOf(viewer: ViewerSocket, sub: string): LogEntry[] {
  const entries: LogEntry[] = [];
  for (const frame of viewer.frames) {
    if (frame.subject === 'logs.history') {
      const data = logsHistorySchema.parse(frame.data);
      if (data.sub === sub) entries.push(...data.entries);
    } else if (frame.subject === 'logs.batch') {
      const data = logsBatchSchema.parse(frame.data);
      if (data.sub === sub) entries.push(...data.entries);
    }
  }
  return entries;
}

/** The lines `sub` received so far, in arrival order. */
export function linesOf(viewer: ViewerSocket, sub: string): LogLine[] {
  return entriesOf(viewer, sub).filter((e): e is LogLine => e.kind === 'line');
}

/** The lines `sub` held back by its filter, as the manager counted them so far. */
export function skippedOf(viewer: ViewerSocket, sub: string): number {
  let count = 0;
  for (const frame of viewer.frames) {
    if (frame.subject !== 'logs.skipped') continue;
    const data = logsSkippedSchema.parse(frame.data);
    if (data.sub === sub) count += data.count;
  }
  return count;
}

/** The `logs.status` states `sub` was told, in order. */
export function statesOf(viewer: ViewerSocket, sub: string): string[] {
  return viewer.frames
    .filter((f) => f.subject === 'logs.status')
    .map((f) => logsStatusSchema.parse(f.data))
    .filter((s) => s.sub === sub)
    .map((s) => s.state);
}

/** Waits until `sub` has received at least `count` lines, and returns them. */
export async function waitForLines(viewer: ViewerSocket, sub: string, count: number): Promise<LogLine[]> {
  return waitFor(
    () => {
      const lines = linesOf(viewer, sub);
      return lines.length >= count && lines;
    },
    {
      timeoutMs: 30_000,
      what: `${count} lines for subscription ${sub}`,
      detail: () => `got: ${JSON.stringify(linesOf(viewer, sub).map((l) => `${l.seq}:${l.text}`))}`,
    },
  );
}

/** Asserts the lines' seqs run from `first` one by one: nothing missing, nothing twice. */
export function expectConsecutive(lines: readonly LogLine[], first: number): void {
  expect(lines.map((l) => l.seq)).toEqual(lines.map((_, i) => first + i));
}

/** A shell script printing `prefix 1` … `prefix n`, one per line. */
export function printLines(prefix: string, n: number): string {
  return `i=1; while [ $i -le ${n} ]; do echo "${prefix} $i"; i=$((i+1)); done`;
}

/** A shell step that keeps a container running, quitting at once on SIGTERM (a stop or restart). */
export const IDLE = 'trap "exit 0" TERM; while true; do sleep 0.1; done';

/** The single-file agent as a process of its own, which a test can kill -9 and start again. */
export type AgentProcess = { child: WatchedChild; kill(): Promise<void>; stop(): Promise<void> };

/**
 * Starts the single-file agent named `name` against `managerUrl` with `stateDir` (a join token
 * on its first run; its kept credential afterwards). The caller waits for it to come online.
 */
export function startAgentProcess(options: {
  engine: Engine;
  managerUrl: string;
  name: string;
  stateDir: string;
  joinToken?: string;
}): AgentProcess {
  const child = watchChild(
    spawnAgentBundle(
      ['--manager', options.managerUrl, '--state-dir', options.stateDir, '--name', options.name],
      {
        BOSUN_DOCKER_HOST: options.engine.dockerHost,
        ...(options.joinToken ? { BOSUN_JOIN_TOKEN: options.joinToken } : {}),
      },
    ),
  );
  const end = async (signal: NodeJS.Signals) => {
    if (child.child.exitCode === null && child.child.signalCode === null) child.child.kill(signal);
    await child.done;
  };
  return { child, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}

/** Makes a running container print `text` as one more stdout line, written by its main process's stdout. */
export async function printInto(container: Dockerode.Container, text: string): Promise<void> {
  const exec = await container.exec({ Cmd: ['sh', '-c', 'printf "%s\\n" "$0" > /proc/1/fd/1', text] });
  await exec.start({});
  await waitFor(async () => (await exec.inspect()).Running === false, {
    timeoutMs: 10_000,
    what: `the exec printing ${JSON.stringify(text)} to finish`,
  });
}

/** A CLI's `--format json` output: one object per line. */
export function jsonLines(stdout: Buffer): Array<Record<string, unknown>> {
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => z.record(z.string(), z.unknown()).parse(JSON.parse(line)));
}
