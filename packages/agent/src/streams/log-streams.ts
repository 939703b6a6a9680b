import type { LogEntry } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';
import type Docker from 'dockerode';
import { toDockerProtocolError } from '../docker/docker-errors.ts';
import type { RawContainerEvent } from '../docker/docker-monitor.ts';
import type { Scheduler } from '../logs/container-log-pipeline.ts';
import { type FollowRequest, LogFollower } from './log-follower.ts';

/** Bound on concurrent follows: each costs the daemon a reader and us a socket. */
export const MAX_FOLLOWED_CONTAINERS = 500;

/** Where the followers' entries go, and what the registry tells the outbound queue. */
export type LogStreamsEvents = {
  /** Numbered entries of one container, in order. */
  entries(container: string, entries: LogEntry[], textBytes: number): void;
  /** Queued entries of this container are void: its stream restarts from the manager's cursor. */
  forget(container: string): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
};

/**
 * One follower per container, however many viewers the manager has for it.
 *
 * Bound: MAX_FOLLOWED_CONTAINERS follows; a start past it is refused with `limit_exceeded`.
 */
export class LogStreams {
  readonly #docker: Docker;
  readonly #events: LogStreamsEvents;
  readonly #scheduler: Scheduler;
  readonly #followers = new Map<string, LogFollower>();

  constructor(docker: Docker, events: LogStreamsEvents, scheduler: Scheduler) {
    this.#docker = docker;
    this.#events = events;
    this.#scheduler = scheduler;
  }

  /**
   * The manager is the authority on where a stream stands: a start for a
   * container already followed replaces that follower with one that resumes
   * where the manager says.
   */
  async start(request: FollowRequest): Promise<{ container: string; nextSeq: number; tty: boolean }> {
    this.stop(request.container);
    this.#events.forget(request.container);
    if (this.#followers.size >= MAX_FOLLOWED_CONTAINERS) {
      throw new ProtocolError(
        'limit_exceeded',
        `this agent already follows ${MAX_FOLLOWED_CONTAINERS} containers`,
      );
    }
    const follower = new LogFollower(
      this.#docker,
      request,
      {
        entries: (c, e, bytes) => this.#events.entries(c, e, bytes),
        finished: (c) => {
          if (this.#followers.get(c) === follower) this.#followers.delete(c);
        },
        log: this.#events.log,
      },
      this.#scheduler,
    );
    this.#followers.set(request.container, follower);
    try {
      const started = await follower.start();
      return { container: request.container, ...started };
    } catch (err) {
      follower.stop();
      if (this.#followers.get(request.container) === follower) this.#followers.delete(request.container);
      throw toDockerProtocolError(err, request.container);
    }
  }

  /** Stops following the container; false when it was not followed. */
  stop(container: string): boolean {
    const follower = this.#followers.get(container);
    if (!follower) return false;
    follower.stop();
    this.#followers.delete(container);
    return true;
  }

  /** Stops every follow (the link went down, or the agent stops). */
  stopAll(): void {
    for (const container of [...this.#followers.keys()]) this.stop(container);
  }

  /** A Docker event: `die`, `start` and `destroy` concern the container's follower. */
  containerEvent(event: RawContainerEvent): void {
    const follower = this.#followers.get(event.id);
    if (!follower) return;
    if (event.action === 'die') follower.containerDied(event.timeNano);
    else if (event.action === 'start') follower.containerStarted();
    else if (event.action === 'destroy') follower.containerDestroyed();
  }

  /** The daemon is back: followers waiting for it look at their containers again. */
  dockerAvailable(): void {
    for (const follower of this.#followers.values()) follower.dockerAvailable();
  }
}
