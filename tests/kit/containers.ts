import { randomBytes } from 'node:crypto';
import type Dockerode from 'dockerode';
import type { Engine } from './docker-engine.ts';
import { ensureFixtureImage } from './fixture-image.ts';
import { waitFor } from './wait-for.ts';

/** Every container the kit creates carries this label, so leftovers can be found and removed. */
export const TEST_LABEL = 'bosun.test';
export const TEST_NAME_PREFIX = 'bosun-t-';

export type RunContainerOptions = {
  /** Readable part of the name; a random suffix keeps names unique. */
  name?: string;
  /**
   * Use `name` as it is (what screenshots show), unless a container not ours already has it:
   * then it gets the prefix and suffix as usual rather than touching that container.
   */
  exactName?: boolean;
  cmd: string[];
  /** Defaults to the fixture image, imported first if the engine lacks it. */
  image?: string;
  tty?: boolean;
  env?: Record<string, string>;
  labels?: Record<string, string>;
  logDriver?: 'json-file' | 'local';
  /** The log driver's options, e.g. `max-size` and `max-file` to make Docker rotate early. */
  logOptions?: Record<string, string>;
  restartPolicy?: Dockerode.HostRestartPolicy;
  /** Create only, if false. Defaults to true. */
  start?: boolean;
};

export type RunningContainer = { id: string; name: string; container: Dockerode.Container };

/** Creates (and by default starts) a labelled, network-less test container. */
export async function runContainer(engine: Engine, options: RunContainerOptions): Promise<RunningContainer> {
  const image = options.image ?? (await ensureFixtureImage(engine));
  const unique = `${TEST_NAME_PREFIX}${options.name ?? 'c'}-${randomBytes(4).toString('hex')}`;
  const create = (name: string) =>
    engine.docker.createContainer({
      name,
      Image: image,
      Cmd: options.cmd,
      Tty: options.tty ?? false,
      Env: Object.entries(options.env ?? {}).map(([key, value]) => `${key}=${value}`),
      Labels: { ...options.labels, [TEST_LABEL]: '1' },
      HostConfig: {
        // Tests never need the network, and must not reach beyond this machine.
        NetworkMode: 'none',
        // Tests read logs and exit codes after the container ended.
        AutoRemove: false,
        LogConfig: { Type: options.logDriver ?? 'json-file', Config: options.logOptions ?? {} },
        ...(options.restartPolicy ? { RestartPolicy: options.restartPolicy } : {}),
      },
    });
  let name = options.exactName && options.name ? options.name : unique;
  let container: Dockerode.Container;
  try {
    container = await create(name);
  } catch (error) {
    if (name === unique || (error as { statusCode?: number }).statusCode !== 409) throw error;
    name = unique;
    container = await create(name);
  }
  if (options.start ?? true) await container.start();
  return { id: container.id, name, container };
}

/** Force-removes every container carrying the test label, running or not. */
export async function removeTestContainers(engine: Engine): Promise<void> {
  const containers = await engine.docker.listContainers({
    all: true,
    filters: { label: [`${TEST_LABEL}=1`] },
  });
  await Promise.all(
    containers.map(async (info) => {
      try {
        await engine.docker.getContainer(info.Id).remove({ force: true, v: true });
      } catch (error) {
        // Someone else removed it meanwhile (e.g. a restart policy racing us): that is the goal anyway.
        if ((error as { statusCode?: number }).statusCode !== 404) throw error;
      }
    }),
  );
}

/** Waits until the container has exited and returns its exit code. */
export async function waitForExit(
  engine: Engine,
  id: string,
  options: { timeoutMs?: number } = {},
): Promise<number> {
  return waitFor(
    async () => {
      const { State } = await engine.docker.getContainer(id).inspect();
      return State.Status === 'exited' || State.Status === 'dead' ? State.ExitCode : undefined;
    },
    {
      timeoutMs: options.timeoutMs ?? 30_000,
      what: `container ${id.slice(0, 12)} on ${engine.name} to exit`,
    },
  );
}

/** A shell step that waits until the test calls {@link openGate} on its container. */
export const WAIT_AT_GATE = 'while [ ! -f /tmp/go ]; do sleep 0.05; done';

/** Lets a container waiting at {@link WAIT_AT_GATE} go on. */
export async function openGate(container: Dockerode.Container): Promise<void> {
  const exec = await container.exec({ Cmd: ['touch', '/tmp/go'] });
  await exec.start({});
}
