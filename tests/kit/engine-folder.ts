import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTime } from './processes.ts';
import { TestbedError } from './testbed-error.ts';

/**
 * Every engine the kit starts lives in one short folder under this base:
 * data root, exec root, pidfile, socket and log. Short, because unix socket
 * paths are limited to about 107 bytes and containerd nests its own below it.
 */
export function engineBaseDir(): string {
  return join(tmpdir(), 'bosun-tb');
}

export type EngineFolder = {
  dir: string;
  socketPath: string;
  pidFile: string;
  logFile: string;
  dataRoot: string;
  execRoot: string;
};

export function engineFolder(dir: string): EngineFolder {
  return {
    dir,
    socketPath: join(dir, 'docker.sock'),
    pidFile: join(dir, 'docker.pid'),
    logFile: join(dir, 'dockerd.log'),
    dataRoot: join(dir, 'data'),
    execRoot: join(dir, 'exec'),
  };
}

const OWNER_FILE = 'owner';

// containerd's ttrpc socket is the deepest socket dockerd creates in its exec root.
const DEEPEST_SOCKET = join('exec', 'containerd', 'containerd.sock.ttrpc');
const MAX_SOCKET_PATH = 107;

/**
 * Creates a fresh engine folder stamped with this process as its owner, so a
 * later run can tell an engine whose owner crashed (stale) from one that another
 * live run is using.
 */
export function createEngineFolder(): EngineFolder {
  const base = engineBaseDir();
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(join(base, 'e'));
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${startTime(process.pid) ?? ''}\n`);
  if (Buffer.byteLength(join(dir, DEEPEST_SOCKET)) > MAX_SOCKET_PATH) {
    throw new TestbedError(
      `the engine folder ${dir} is too deep for unix socket paths (limit ${MAX_SOCKET_PATH} bytes); ` +
        'set TMPDIR to a short folder such as /tmp',
    );
  }
  return engineFolder(dir);
}

/** The owner stamp: PID plus start time, so a recycled PID is not taken for the owner. */
export function readOwner(dir: string): { pid: number; startTime: string } | undefined {
  try {
    const [pid, start] = readFileSync(join(dir, OWNER_FILE), 'utf8').trim().split(' ');
    return { pid: Number(pid), startTime: start ?? '' };
  } catch {
    return undefined;
  }
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}
