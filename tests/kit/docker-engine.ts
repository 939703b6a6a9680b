import { randomBytes } from 'node:crypto';
import Dockerode from 'dockerode';
import {
  cannotStartEngines,
  type DockerdOptions,
  launchDockerd,
  stopDaemon,
  stopDockerdOnly,
} from './owned-dockerd.ts';
import { stopStaleEnginesOnce } from './stale-engines.ts';
import { DOCKER_HOST_HINT, INSTALL_HINT, TestbedError } from './testbed-error.ts';

/** A Docker Engine the tests talk to, reachable on a unix socket. */
export type Engine = {
  name: string;
  /** As DOCKER_HOST spells it, e.g. `unix:///tmp/bosun-tb/eAbC12/docker.sock`. */
  dockerHost: string;
  socketPath: string;
  docker: Dockerode;
  /** True if the kit started this engine; only then does `stop` stop it. */
  owned: boolean;
  /**
   * Owned engines only: stops dockerd but keeps its data, runs `whileDown`, then
   * starts the same engine again (as a daemon restart on a real host would).
   */
  restartDaemon(whileDown?: () => Promise<void>): Promise<void>;
  /** Owned engines only: dockerd's PID now (it changes on `restartDaemon`), e.g. for `nsenter`. */
  daemonPid(): number | undefined;
  stop(): Promise<void>;
};

const DEFAULT_SOCKET = '/var/run/docker.sock';
const PING_TIMEOUT_MS = 5_000;

/** The socket path of a `unix://` DOCKER_HOST; bosun's agents and tests speak to engines over unix sockets only. */
export function socketPathOf(dockerHost: string): string {
  if (!dockerHost.startsWith('unix://')) {
    throw new TestbedError(
      `DOCKER_HOST=${dockerHost} is not a unix socket; the bosun test bed needs one, e.g. unix:///var/run/docker.sock`,
    );
  }
  return dockerHost.slice('unix://'.length);
}

/** A handle on an engine someone else runs: `stop` leaves it running. */
export function engineAt(name: string, dockerHost: string): Engine {
  const socketPath = socketPathOf(dockerHost);
  return {
    name,
    dockerHost,
    socketPath,
    docker: new Dockerode({ socketPath }),
    owned: false,
    stop: async () => {},
    restartDaemon: async () => {
      throw new TestbedError(`the engine ${name} is not owned by the test bed, so it cannot be restarted`);
    },
    daemonPid: () => undefined,
  };
}

/** Resolves to undefined if the engine answers /_ping, else to why not. */
async function pingProblem(socketPath: string): Promise<string | undefined> {
  // A client of its own with a timeout: the shared one has none, as log streams may run for long.
  const probe = new Dockerode({ socketPath, timeout: PING_TIMEOUT_MS });
  try {
    await probe.ping();
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EACCES') return `${socketPath}: permission denied (join the docker group, or run as root)`;
    return `${socketPath}: ${(error as Error).message}`;
  }
}

/**
 * The engine the suite mostly runs against: DOCKER_HOST if set, else the
 * system's engine if it answers, else one the kit starts (root only).
 */
export async function primaryEngine(): Promise<Engine> {
  const fromEnv = process.env.DOCKER_HOST;
  if (fromEnv !== undefined && fromEnv !== '') {
    const engine = engineAt('primary', fromEnv);
    const problem = await pingProblem(engine.socketPath);
    if (problem !== undefined) {
      throw new TestbedError(
        `DOCKER_HOST=${fromEnv} does not answer /_ping (${problem}); start that engine or unset DOCKER_HOST`,
      );
    }
    return engine;
  }
  const systemProblem = await pingProblem(DEFAULT_SOCKET);
  if (systemProblem === undefined) return engineAt('primary', `unix://${DEFAULT_SOCKET}`);
  const cannotStart = cannotStartEngines();
  if (cannotStart === undefined) return startEngine('primary');
  throw new TestbedError(
    `no Docker Engine for the integration tests: DOCKER_HOST is unset, ${systemProblem}, and ${cannotStart}. ${INSTALL_HINT} ${DOCKER_HOST_HINT}`,
  );
}

/** Starts a private engine, independent of every other one, that `stop` tears down completely. */
export async function startEngine(name?: string, options: DockerdOptions = {}): Promise<Engine> {
  await stopStaleEnginesOnce();
  let daemon = await launchDockerd(undefined, options);
  const socketPath = daemon.socketPath;
  const docker = new Dockerode({ socketPath });
  let stopping: Promise<void> | undefined;
  return {
    name: name ?? `engine-${randomBytes(3).toString('hex')}`,
    dockerHost: `unix://${socketPath}`,
    socketPath,
    docker,
    owned: true,
    restartDaemon: async (whileDown) => {
      await stopDockerdOnly(daemon);
      await whileDown?.();
      daemon = await launchDockerd(daemon, daemon.options);
    },
    daemonPid: () => daemon.pid,
    stop: () => {
      stopping ??= (async () => {
        // The engine is disposable, so every container goes, not only labelled ones:
        // one left running would make dockerd wait out its stop timeout on shutdown.
        const containers = await docker.listContainers({ all: true }).catch(() => []);
        await Promise.all(
          containers.map((c) =>
            docker
              .getContainer(c.Id)
              .remove({ force: true, v: true })
              .catch(() => {}),
          ),
        );
        await stopDaemon(daemon);
      })();
      return stopping;
    },
  };
}

/** Starts `count` engines side by side; if any fails to start, the others are stopped again. */
export async function startEngines(count: number): Promise<Engine[]> {
  const names = Array.from({ length: count }, (_, i) => `engine-${i + 1}`);
  const results = await Promise.allSettled(names.map((name) => startEngine(name)));
  const started = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = results.find((r) => r.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(started.map((engine) => engine.stop()));
    throw failure.reason;
  }
  return started;
}
