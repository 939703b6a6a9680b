import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TEST_LABEL, TEST_NAME_PREFIX } from './containers.ts';
import type { Engine } from './docker-engine.ts';
import { dockerLogs } from './docker-logs.ts';
import { TestbedError } from './testbed-error.ts';
import { unitConfinement } from './unit-confinement.ts';
import { waitFor } from './wait-for.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What `scripts/build-images.sh` made: both tags, their sizes in bytes, and how long it took. */
export type BuiltImages = {
  version: string;
  agentImage: string;
  managerImage: string;
  sizes: Record<string, number>;
  buildSeconds: number;
};

/** The version the images are tagged with: the root package.json's, as the build script reads it. */
export function imageVersion(): string {
  const parsed: unknown = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
  const version = (parsed as { version?: unknown }).version;
  if (typeof version !== 'string') throw new TestbedError('the root package.json has no version');
  return version;
}

/**
 * Builds bosun's two images on `engine` with `scripts/build-images.sh --local-base` (the engine
 * reaches no registry, so the base is made from this machine's files), and measures them.
 */
export async function buildBosunImages(engine: Engine): Promise<BuiltImages> {
  const started = performance.now();
  const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn('bash', ['scripts/build-images.sh', '--local-base'], {
      cwd: ROOT,
      env: { ...process.env, DOCKER_HOST: engine.dockerHost },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.once('error', reject);
    child.once('close', (exit) => resolve({ code: exit, output: Buffer.concat(chunks).toString('utf8') }));
  });
  if (code !== 0) {
    throw new TestbedError(
      `scripts/build-images.sh --local-base failed (exit ${code}) on ${engine.dockerHost}:\n${output.slice(-4000)}`,
    );
  }
  const buildSeconds = (performance.now() - started) / 1000;
  const version = imageVersion();
  const agentImage = `bosun-agent:${version}`;
  const managerImage = `bosun-manager:${version}`;
  const sizes: Record<string, number> = {};
  for (const image of [agentImage, managerImage]) {
    sizes[image] = (await engine.docker.getImage(image).inspect()).Size;
  }
  return { version, agentImage, managerImage, sizes, buildSeconds };
}

/** A loopback port free at the time of asking, for a container on the host's network. */
export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port from the loopback listener');
  return address.port;
}

/** How to run one of bosun's images, as a `docker run` would say it. */
export type ImageRunOptions = {
  image: string;
  /** Readable part of the name; the kit adds its prefix and a random suffix. */
  name: string;
  env?: Record<string, string>;
  /** `host:container` binds and `volume:container` mounts. */
  binds?: string[];
  /** `host` to reach loopback listeners of this machine (the engine has no bridge), else `none`. */
  network: 'host' | 'none';
  /** Overrides the image's health check interval (`--health-interval`). */
  healthIntervalMs?: number;
  /** Runs under the systemd units' hardening, as far as Docker can impose it (unit-confinement.ts). */
  confined?: boolean;
};

/** Creates and starts a labelled container of `options.image` and returns its id. */
export async function runImage(engine: Engine, options: ImageRunOptions): Promise<string> {
  const container = await engine.docker.createContainer({
    name: `${TEST_NAME_PREFIX}${options.name}-${randomBytes(4).toString('hex')}`,
    Image: options.image,
    Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
    Labels: { [TEST_LABEL]: '1' },
    ...(options.healthIntervalMs === undefined
      ? {}
      : { Healthcheck: { Interval: options.healthIntervalMs * 1_000_000 } }),
    HostConfig: {
      NetworkMode: options.network,
      Binds: options.binds ?? [],
      ...(options.confined ? unitConfinement() : {}),
    },
  });
  await container.start();
  return container.id;
}

/** Polls the container's health until Docker reports `status` (healthy, unhealthy). */
export async function waitForHealth(
  engine: Engine,
  id: string,
  status: 'healthy' | 'unhealthy',
  timeoutMs = 60_000,
): Promise<void> {
  let last = '';
  await waitFor(
    async () => {
      const { State } = await engine.docker.getContainer(id).inspect();
      const health = State.Health;
      last = JSON.stringify({ status: State.Status, health: health?.Status, log: health?.Log?.slice(-2) });
      return health?.Status === status;
    },
    { timeoutMs, intervalMs: 200, what: `container ${id.slice(0, 12)} to be ${status}`, detail: () => last },
  );
}

/** The stderr and stdout a container wrote, as text, for a failing test's message. */
export async function containerOutput(engine: Engine, id: string): Promise<string> {
  const { stdout, stderr } = await dockerLogs(engine, id, { stdout: true, stderr: true });
  return `${stderr.toString('utf8').slice(-3000)}${stdout.toString('utf8').slice(-1000)}`;
}

/** Removes named volumes the tests made; one still in use or already gone is left alone. */
export async function removeVolumes(engine: Engine, names: readonly string[]): Promise<void> {
  await Promise.all(
    names.map((name) =>
      engine.docker
        .getVolume(name)
        .remove()
        .catch(() => {
          // Already gone, or still held by a container the global teardown removes: either way
          // the engine's end takes it with it.
        }),
    ),
  );
}
