import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { TEST_LABEL } from './containers.ts';
import type { Engine } from './docker-engine.ts';
import { waitFor } from './wait-for.ts';

/** The image of a fresh host: the local base with what bosun's install script uses. */
export const FRESH_HOST_IMAGE = 'bosun-fresh-host:test';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const STUB_DIR = fileURLToPath(new URL('fresh-host/', import.meta.url));
// What a Debian host has that the install script calls, besides busybox's applets.
const HOST_PROGRAMS = [
  '/bin/dash',
  '/usr/bin/curl',
  '/usr/bin/env',
  '/usr/sbin/useradd',
  '/usr/sbin/groupadd',
  '/usr/sbin/usermod',
  '/usr/sbin/userdel',
];

/** What a command run on the host printed and how it ended. */
export type HostRun = { code: number; stdout: string; stderr: string };

/** A container standing in for a new Docker host: systemd stubbed, the engine's socket mounted. */
export type FreshHost = {
  name: string;
  /** Runs `script` with sh on the host, as root, as a person pasting a line would. */
  sh(script: string, env?: Record<string, string>): Promise<HostRun>;
  /** `docker restart`: the host goes down and boots again, starting its enabled units. */
  restart(): Promise<void>;
  remove(): Promise<void>;
};

/** Runs the docker CLI against `engine`. */
export function dockerCli(engine: Engine, args: string[], input?: string): Promise<HostRun> {
  return new Promise((resolve) => {
    const child = execFile(
      'docker',
      args,
      { env: { ...process.env, DOCKER_HOST: engine.dockerHost, DOCKER_BUILDKIT: '0' }, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function checked(run: Promise<HostRun>, what: string): Promise<HostRun> {
  const result = await run;
  if (result.code !== 0) throw new Error(`${what} failed (${result.code}): ${result.stderr}${result.stdout}`);
  return result;
}

/** Makes the fresh-host image on `engine` (once per set of files; scripts/make-local-base.sh). */
export async function ensureFreshHostImage(engine: Engine): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(
      'bash',
      [`${REPO}scripts/make-local-base.sh`, '--tag', FRESH_HOST_IMAGE, ...HOST_PROGRAMS],
      { env: { ...process.env, DOCKER_HOST: engine.dockerHost }, maxBuffer: 16 << 20 },
      (error, _stdout, stderr) =>
        error ? reject(new Error(`make-local-base.sh failed: ${stderr}`)) : resolve(),
    );
  });
}

/**
 * Starts a fresh host on `engine`: the host's network (so it reaches a manager on loopback, and
 * nothing else is reachable that this machine could not reach), the engine's socket at
 * /var/run/docker.sock with a docker group of the socket's gid, and the systemctl stub with its
 * boot entrypoint (tests/kit/fresh-host).
 */
export async function startFreshHost(engine: Engine, name: string): Promise<FreshHost> {
  const socketGid = (await stat(engine.socketPath)).gid;
  await dockerCli(engine, ['rm', '-f', name]);
  await checked(
    dockerCli(engine, [
      'run',
      '-d',
      '--name',
      name,
      '--label',
      `${TEST_LABEL}=1`,
      '--network',
      'host',
      '-v',
      `${engine.socketPath}:/var/run/docker.sock`,
      '-v',
      `${STUB_DIR}systemctl.mjs:/usr/bin/systemctl:ro`,
      '-v',
      `${STUB_DIR}boot.mjs:/sbin/boot.mjs:ro`,
      '-e',
      `BOSUN_TEST_DOCKER_GID=${socketGid}`,
      '--entrypoint',
      '/usr/local/bin/node',
      FRESH_HOST_IMAGE,
      '/sbin/boot.mjs',
    ]),
    `starting the fresh host ${name}`,
  );
  await waitFor(
    async () => (await dockerCli(engine, ['exec', name, 'test', '-d', '/run/systemd/system'])).code === 0,
    {
      timeoutMs: 30_000,
      what: `the fresh host ${name} to boot`,
    },
  );
  return {
    name,
    sh: (script, env = {}) =>
      dockerCli(engine, [
        'exec',
        ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
        name,
        'sh',
        '-c',
        script,
      ]),
    restart: async () => {
      await checked(dockerCli(engine, ['restart', '-t', '20', name]), `restarting ${name}`);
    },
    remove: async () => {
      await dockerCli(engine, ['rm', '-f', name]);
    },
  };
}
