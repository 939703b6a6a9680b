import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, delimiter, join } from 'node:path';
import Dockerode from 'dockerode';
import { createEngineFolder, type EngineFolder, readPid } from './engine-folder.ts';
import { unmountUnder } from './mounts.ts';
import { commandLine, isRunning, processesMentioning, signal, withDescendants } from './processes.ts';
import { INSTALL_HINT, TestbedError } from './testbed-error.ts';
import { waitFor, waitForSync } from './wait-for.ts';

/** A dockerd the kit started, with the folder that holds everything it wrote. */
export type OwnedDaemon = EngineFolder & { pid: number | undefined; options?: DockerdOptions };

/** How an owned dockerd differs from the kit's usual one. */
export type DockerdOptions = {
  /**
   * Also listen on /var/run/docker.sock, inside the engine's mount namespace only (its /run is
   * a tmpfs of its own there), so what runs in that namespace (`nsenter --mount`) finds this
   * engine where a host's engine would be, e.g. a pasted `docker run -v /var/run/docker.sock:…`.
   * The engine then starts its own containerd, since the system's socket is not in its /run.
   */
  defaultSocket?: boolean;
};

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
const KILL_TIMEOUT_MS = 10_000;
const SYSTEM_BIN_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function findTool(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...SYSTEM_BIN_DIRS];
  return dirs.map((dir) => join(dir, name)).find(isExecutable);
}

/** dockerd on PATH or in the system folders (root's PATH may lack /usr/sbin under sudo or su). */
export function findDockerd(): string | undefined {
  return findTool('dockerd');
}

/** Why this process cannot run engines of its own, or undefined if it can. */
export function cannotStartEngines(): string | undefined {
  if (process.platform !== 'linux')
    return `starting a private dockerd needs Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'starting a private dockerd needs root, and this process is not root';
  if (findDockerd() === undefined) return 'no dockerd on PATH nor in /usr/sbin or /usr/bin';
  if (findTool('unshare') === undefined)
    return 'no unshare (package util-linux) to give dockerd a mount namespace';
  return undefined;
}

/**
 * The containerd namespace of an engine. dockerd 20.10 uses the system's
 * containerd instead of starting its own whenever /run/containerd/containerd.sock
 * exists; a namespace per engine keeps engines apart even then.
 */
export function containerdNamespace(folder: EngineFolder): string {
  return `bosun-tb-${basename(folder.dir)}`;
}

/** Processes that belong to an engine: dockerd, its containerd, and the shims of its containers. */
function engineProcesses(folder: EngineFolder): number[] {
  const shims = processesMentioning(` -namespace ${containerdNamespace(folder)} `);
  // Every path the engine's processes are given lies inside its folder.
  return [...new Set([...processesMentioning(`${folder.dir}/`), ...shims])];
}

export function logTail(folder: EngineFolder, lines = 30): string {
  try {
    const text = readFileSync(folder.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    return `last lines of dockerd's log:\n${text}`;
  } catch {
    return `(no log at ${folder.logFile})`;
  }
}

const running = new Set<OwnedDaemon>();
let exitHookInstalled = false;

/** An engine this process started must not outlive it, even if a test forgets to stop it. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const daemon of running) {
      try {
        stopDaemonSync(daemon);
      } catch (error) {
        process.stderr.write(`bosun test bed: could not stop the engine in ${daemon.dir}: ${error}\n`);
      }
    }
  });
}

/** Starts a private dockerd with its own containerd and waits until it answers /_ping. */
export async function launchDockerd(
  existing?: EngineFolder,
  options: DockerdOptions = {},
): Promise<OwnedDaemon> {
  const reason = cannotStartEngines();
  if (reason !== undefined)
    throw new TestbedError(`cannot start a private Docker Engine for the tests: ${reason}. ${INSTALL_HINT}`);
  const dockerd = findDockerd()!;
  // An existing folder restarts the same engine: same data root, images and containers.
  const folder = existing ?? createEngineFolder();
  // An empty config file, so a developer's /etc/docker/daemon.json cannot clash with our flags.
  const configFile = join(folder.dir, 'daemon.json');
  writeFileSync(configFile, '{}\n');
  const namespace = containerdNamespace(folder);
  // biome-ignore format: flag and value side by side read better
  const args = [
    '--config-file', configFile,
    '--data-root', folder.dataRoot,
    '--exec-root', folder.execRoot,
    '--pidfile', folder.pidFile,
    '-H', `unix://${folder.socketPath}`,
    '--containerd-namespace', namespace,
    '--containerd-plugins-namespace', `${namespace}-plugins`,
    // Containers run with no network, so the engine needs no bridge nor firewall rules.
    '--bridge=none', '--iptables=false', '--ip-masq=false',
    ...(options.defaultSocket ? ['-H', 'unix:///var/run/docker.sock'] : []),
  ];
  const log = openSync(folder.logFile, 'a');
  let exited: string | undefined;
  // dockerd 20.10 derives the engine ID from /etc/docker/key.json, whatever its
  // data root, so every engine on a machine would share one ID and write to the
  // host's /etc. In a mount namespace of its own, a private folder is bound over
  // /etc/docker (created empty if missing, as dockerd itself would); and whatever the engine mounts (overlays, netns) stays in that
  // namespace and vanishes with its last process, even if dockerd is killed.
  const privateEtc = join(folder.dir, 'etc-docker');
  mkdirSync(privateEtc, { recursive: true });
  const privateRun = options.defaultSocket ? 'mount -t tmpfs -o mode=0755 tmpfs /run && ' : '';
  const inNamespace = `mkdir -p /etc/docker && mount --bind "$0" /etc/docker && ${privateRun}exec "$@"`;
  const child = spawn(
    findTool('unshare')!,
    ['--mount', '--propagation', 'private', '--', 'sh', '-c', inNamespace, privateEtc, dockerd, ...args],
    {
      // Its own process group: a Ctrl-C meant for the test runner must not kill the
      // engine before the runner has stopped it (the exit hook does that).
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...process.env, PATH: [process.env.PATH, ...SYSTEM_BIN_DIRS].filter(Boolean).join(delimiter) },
    },
  );
  closeSync(log);
  child.unref();
  child.on('error', (error) => {
    exited = `could not run ${dockerd}: ${error.message}`;
  });
  child.on('exit', (code, sig) => {
    exited = `dockerd exited with ${sig ?? `code ${code}`}`;
  });
  const daemon: OwnedDaemon = { ...folder, pid: child.pid, options };
  running.add(daemon);
  installExitHook();

  const docker = new Dockerode({ socketPath: folder.socketPath });
  try {
    await waitFor(
      async () => {
        if (exited !== undefined)
          throw new TestbedError(`${exited} before answering /_ping\n${logTail(folder)}`);
        try {
          await docker.ping();
          return true;
        } catch {
          return false;
        }
      },
      {
        timeoutMs: START_TIMEOUT_MS,
        intervalMs: 25,
        what: `dockerd in ${folder.dir} to answer /_ping`,
        detail: () => logTail(folder),
      },
    );
  } catch (error) {
    await stopDaemon(daemon);
    throw error;
  }
  return daemon;
}

/** The daemon's PID, only while that PID still is this engine's dockerd (PIDs get recycled). */
function liveDockerdPid(daemon: OwnedDaemon): number | undefined {
  const pid = daemon.pid ?? readPid(daemon.pidFile);
  return pid !== undefined && isRunning(pid) && commandLine(pid).includes(`${daemon.dir}/`) ? pid : undefined;
}

/**
 * Kills what still runs inside the engine's containers. Normally nothing is left
 * (containers were removed through the API first), but an engine whose owner
 * crashed still has them, and dockerd's shutdown would wait out each one's stop
 * timeout (a shell as PID 1 ignores SIGTERM) before exiting.
 */
function killContainerProcesses(daemon: OwnedDaemon): void {
  const shims = processesMentioning(` -namespace ${containerdNamespace(daemon)} `);
  for (const pid of withDescendants(shims)) {
    if (!shims.includes(pid)) signal(pid, 'SIGKILL');
  }
}

/**
 * Stops an engine for good: SIGTERM to dockerd (which takes containerd down with
 * it), SIGKILL if it lingers, then kills whatever of the engine still runs
 * (shims and container processes survive a killed dockerd), unmounts what it left
 * mounted and deletes its folder. Safe to call on a half-started or dead engine.
 */
export async function stopDaemon(daemon: OwnedDaemon): Promise<void> {
  running.delete(daemon);
  killContainerProcesses(daemon);
  await stopDockerdOnly(daemon);
  unmountUnder(daemon.dir);
  rmSync(daemon.dir, { recursive: true, force: true });
}

/**
 * Stops dockerd the way an operator's `systemctl stop docker` would, keeping its
 * folder (data root, images, containers) so `launchDockerd(folder)` can bring the
 * same engine back. Containers stop with it; restart policies apply on return.
 */
export async function stopDockerdOnly(daemon: OwnedDaemon): Promise<void> {
  const pid = liveDockerdPid(daemon);
  if (pid !== undefined) {
    signal(pid, 'SIGTERM');
    try {
      await waitFor(() => !isRunning(pid), {
        timeoutMs: STOP_TIMEOUT_MS,
        what: `dockerd ${pid} to exit after SIGTERM`,
      });
    } catch {
      signal(pid, 'SIGKILL');
    }
  }
  try {
    await waitFor(() => engineProcesses(daemon).length === 0, {
      timeoutMs: KILL_TIMEOUT_MS,
      what: `the processes of the engine in ${daemon.dir} to exit`,
    });
  } catch {
    for (const straggler of withDescendants(engineProcesses(daemon))) signal(straggler, 'SIGKILL');
    await waitFor(() => engineProcesses(daemon).length === 0, {
      timeoutMs: KILL_TIMEOUT_MS,
      what: `the processes of the engine in ${daemon.dir} to die after SIGKILL`,
    });
  }
}

/** `stopDaemon` for the process-exit hook, which cannot await (so cannot remove containers through the API either). */
export function stopDaemonSync(daemon: OwnedDaemon): void {
  running.delete(daemon);
  killContainerProcesses(daemon);
  const pid = liveDockerdPid(daemon);
  if (pid !== undefined) {
    signal(pid, 'SIGTERM');
    try {
      waitForSync(() => !isRunning(pid), { timeoutMs: 10_000, what: `dockerd ${pid} to exit after SIGTERM` });
    } catch {
      signal(pid, 'SIGKILL');
    }
  }
  for (const straggler of withDescendants(engineProcesses(daemon))) signal(straggler, 'SIGKILL');
  waitForSync(() => engineProcesses(daemon).length === 0, {
    timeoutMs: KILL_TIMEOUT_MS,
    what: `the processes of the engine in ${daemon.dir} to die`,
  });
  unmountUnder(daemon.dir);
  rmSync(daemon.dir, { recursive: true, force: true });
}
