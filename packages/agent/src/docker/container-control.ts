import type { ContainerDetails, ContainerState, ContainerSummary } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';
import type Docker from 'dockerode';
import { detailsFromInspect, summaryFromListEntry, toContainerState } from './container-mapper.ts';
import { toDockerProtocolError, withTimeout } from './docker-errors.ts';

/** Deadlines for calls that should answer quickly whatever the container does. */
const QUICK_CALL_MS = 15_000;
/** Docker's own default grace period before it kills a stopping container. */
const DEFAULT_STOP_SECONDS = 10;

export type ContainerAction = 'start' | 'stop' | 'restart';

/** Container list, inspect and control through the Engine API, with protocol-typed results and errors. */
export class ContainerControl {
  readonly #docker: Docker;

  constructor(docker: Docker) {
    this.#docker = docker;
  }

  async list(): Promise<ContainerSummary[]> {
    try {
      const entries = await withTimeout(
        this.#docker.listContainers({ all: true }),
        QUICK_CALL_MS,
        'container list',
      );
      return entries.map(summaryFromListEntry);
    } catch (err) {
      throw toDockerProtocolError(err, 'container list');
    }
  }

  /** A fresh summary of one container, `undefined` once it is gone. */
  async summary(id: string): Promise<ContainerSummary | undefined> {
    try {
      const entries = await withTimeout(
        this.#docker.listContainers({ all: true, filters: { id: [id] } }),
        QUICK_CALL_MS,
        `container ${id}`,
      );
      const exact = entries.find((e) => e.Id === id) ?? entries[0];
      return exact ? summaryFromListEntry(exact) : undefined;
    } catch (err) {
      throw toDockerProtocolError(err, `container ${id}`);
    }
  }

  async inspect(ref: string): Promise<ContainerDetails> {
    try {
      const info = await withTimeout(
        this.#docker.getContainer(ref).inspect(),
        QUICK_CALL_MS,
        `inspect ${ref}`,
      );
      const summary = await this.summary(info.Id);
      if (!summary) throw new ProtocolError('not_found', `no such container: ${ref}`);
      return detailsFromInspect(info, summary);
    } catch (err) {
      throw toDockerProtocolError(err, ref);
    }
  }

  /**
   * Runs the action and answers with the container's state afterwards. Docker
   * answers 304 when the container is already in the wanted state: that is
   * success for a user who asked for that state.
   */
  async act(
    action: ContainerAction,
    ref: string,
    timeoutSeconds?: number,
  ): Promise<{ id: string; state: ContainerState }> {
    const container = this.#docker.getContainer(ref);
    const grace = timeoutSeconds ?? DEFAULT_STOP_SECONDS;
    const deadline = action === 'start' ? QUICK_CALL_MS : grace * 1000 + QUICK_CALL_MS;
    try {
      const run = async (): Promise<void> => {
        if (action === 'start') await container.start();
        else if (action === 'stop') await container.stop({ t: grace });
        else await container.restart({ t: grace });
      };
      await withTimeout(run().catch(ignoreNotModified), deadline, `${action} ${ref}`);
      const info = await withTimeout(container.inspect(), QUICK_CALL_MS, `inspect ${ref}`);
      return { id: info.Id, state: toContainerState(info.State.Status) };
    } catch (err) {
      throw toDockerProtocolError(err, ref);
    }
  }

  /** Whether the container was created with a TTY, which changes its log format. */
  async isTty(id: string): Promise<boolean> {
    try {
      const info = await withTimeout(this.#docker.getContainer(id).inspect(), QUICK_CALL_MS, `inspect ${id}`);
      return info.Config.Tty;
    } catch (err) {
      throw toDockerProtocolError(err, id);
    }
  }
}

function ignoreNotModified(err: unknown): void {
  if ((err as { statusCode?: unknown }).statusCode === 304) return;
  throw err;
}
