import type { ContainerDetails, ContainerEvent, ContainerState, ContainerSummary } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';
import type Docker from 'dockerode';
import {
  detailsFromInspect,
  runTimesFromInspect,
  summaryFromListEntry,
  toContainerState,
} from './container-mapper.ts';
import { ContainerTimes } from './container-times.ts';
import { toDockerProtocolError, withTimeout } from './docker-errors.ts';

/** Deadlines for calls that should answer quickly whatever the container does. */
const QUICK_CALL_MS = 15_000;
/** Docker's own default grace period before it kills a stopping container. */
const DEFAULT_STOP_SECONDS = 10;
/**
 * How long a list waits for the run times of containers it has not seen before. The manager
 * gives a list 15 s in all; past this, the list goes with what is known (the rest show Docker's
 * own status text) and the inspections finish for the summaries that follow.
 */
const LIST_TIMES_WAIT_MS = 5_000;

/** What the manager may do to a container. */
export type ContainerAction = 'start' | 'stop' | 'restart';

/**
 * Container list, inspect and control through the Engine API, with protocol-typed results and
 * errors. Every call has a deadline (15 s; a stop or restart: its grace period more); summaries
 * carry run times from a `ContainerTimes` cache, bounded at one list's size.
 */
export class ContainerControl {
  readonly #docker: Docker;
  readonly #times: ContainerTimes;

  constructor(docker: Docker) {
    this.#docker = docker;
    this.#times = new ContainerTimes(async (id) => {
      try {
        return runTimesFromInspect(await this.#docker.getContainer(id).inspect());
      } catch (err) {
        if ((err as { statusCode?: unknown }).statusCode === 404) return undefined;
        throw err;
      }
    });
  }

  /** Keeps run times current; call it before asking for the event's summary. */
  observe(event: ContainerEvent): void {
    this.#times.observe(event);
  }

  /** Drops every run time, for when the daemon may have changed containers unseen. */
  forgetTimes(): void {
    this.#times.clear();
  }

  /** Every container, with run times for those known within the list's wait (5 s). */
  async list(): Promise<ContainerSummary[]> {
    try {
      const entries = await withTimeout(
        this.#docker.listContainers({ all: true }),
        QUICK_CALL_MS,
        'container list',
      );
      await this.#times.sync(
        entries.map((e) => e.Id),
        LIST_TIMES_WAIT_MS,
      );
      return entries.map((e) => this.#times.apply(summaryFromListEntry(e)));
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
      if (!exact) {
        this.#times.forget(id);
        return undefined;
      }
      await this.#times.ensure(exact.Id);
      return this.#times.apply(summaryFromListEntry(exact));
    } catch (err) {
      throw toDockerProtocolError(err, `container ${id}`);
    }
  }

  /** One container by id, id prefix or name; `not_found` when there is none. */
  async inspect(ref: string): Promise<ContainerDetails> {
    try {
      const info = await withTimeout(
        this.#docker.getContainer(ref).inspect(),
        QUICK_CALL_MS,
        `inspect ${ref}`,
      );
      this.#times.learn(info.Id, runTimesFromInspect(info));
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
      this.#times.learn(info.Id, runTimesFromInspect(info));
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
