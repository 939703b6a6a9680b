import type { IncomingMessage } from 'node:http';
import { DEFAULT_RING_LINES, type LogEntry } from '@bosun/protocol';
import type Docker from 'dockerode';
import { isDockerUnreachable } from '../docker/docker-errors.ts';
import { ContainerLogPipeline, type Scheduler } from '../logs/container-log-pipeline.ts';
import { toDockerSince, ZERO_TIMESTAMP } from '../logs/docker-timestamp.ts';

export type FollowRequest = {
  container: string;
  /** Where to number from when there is nothing to resume. */
  nextSeq?: number;
  /** The last entry the manager holds: continue after it, losing and repeating nothing. */
  resume?: { seq: number; ts: string; countAtTs?: number };
  /** History lines to send on a fresh start. */
  tail?: number;
};

export type FollowerEvents = {
  entries(container: string, entries: LogEntry[], textBytes: number): void;
  /** The stream is over for good (container removed); the registry forgets the follower. */
  finished(container: string): void;
  log(level: 'info' | 'warn' | 'error', msg: string, fields?: Record<string, unknown>): void;
};

type Phase = 'idle' | 'following' | 'waiting' | 'finished' | 'stopped';

/**
 * One Docker log follow for one container, kept alive across restarts of the
 * container and of the daemon: whenever the follow ends, `reconcile` looks at
 * the container and either follows again from the last timestamp (the
 * pipeline's resume filter drops what Docker sends twice), waits for a
 * `start` event, or ends the stream because the container is gone.
 */
export class LogFollower {
  readonly container: string;
  readonly #docker: Docker;
  readonly #events: FollowerEvents;
  readonly #request: FollowRequest;
  readonly #scheduler: Scheduler;
  readonly #tail: number;
  #pipeline: ContainerLogPipeline | undefined;
  #stream: IncomingMessage | undefined;
  #phase: Phase = 'idle';
  #startedAt: string | undefined;
  #tty = false;
  #reconciling = false;
  #dirty = false;
  /** StartedAt of the run whose logs were read once more after it exited. */
  #drainedRun: string | undefined;
  /** `since` of the first follow, reused until a line has been sent. */
  #firstSince: string | undefined;

  constructor(docker: Docker, request: FollowRequest, events: FollowerEvents, scheduler: Scheduler) {
    this.container = request.container;
    this.#docker = docker;
    this.#events = events;
    this.#tail = request.tail ?? DEFAULT_RING_LINES;
    this.#request = request;
    this.#scheduler = scheduler;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Inspects the container and opens the first follow; rejects when the container cannot be read. */
  async start(): Promise<{ nextSeq: number; tty: boolean }> {
    const info = await this.#docker.getContainer(this.container).inspect();
    this.#tty = info.Config.Tty;
    this.#startedAt = info.State.StartedAt;
    const resume = this.#request.resume;
    this.#pipeline = new ContainerLogPipeline({
      tty: this.#tty,
      nextSeq: resume ? resume.seq + 1 : (this.#request.nextSeq ?? 0),
      // Without a count, every line stamped exactly `ts` counts as held by the manager.
      ...(resume
        ? { resume: resume.countAtTs ? { ts: resume.ts, countAtTs: resume.countAtTs } : { ts: resume.ts } }
        : {}),
      onEntries: (entries, textBytes) => this.#events.entries(this.container, entries, textBytes),
      onError: (error) => {
        this.#events.log('warn', 'bad bytes in the log stream', {
          container: this.container,
          code: error.code,
        });
        // After a fatal framing error the rest of this body is unreadable: follow again.
        if (error.fatal) this.#stream?.destroy(error);
      },
      scheduler: this.#scheduler,
    });
    const nextSeq = this.#pipeline.nextSeq;
    await this.#follow();
    return { nextSeq, tty: this.#tty };
  }

  stop(): void {
    if (this.#phase === 'finished') return;
    this.#phase = 'stopped';
    this.#stream?.destroy();
    this.#stream = undefined;
    this.#pipeline?.flush();
  }

  /** Docker said the container started (again). */
  containerStarted(): void {
    if (this.#phase === 'waiting' || this.#reconciling) void this.#reconcile();
  }

  containerDestroyed(): void {
    if (this.#phase === 'waiting' || this.#reconciling) void this.#reconcile();
  }

  dockerAvailable(): void {
    if (this.#phase === 'waiting') void this.#reconcile();
  }

  async #follow(): Promise<void> {
    const pipeline = this.#pipeline!;
    const options: Record<string, unknown> = { follow: true, stdout: true, stderr: true, timestamps: true };
    const since = pipeline.since ?? this.#firstSince;
    if (since) options.since = since;
    else {
      options.tail = this.#tail;
      // Until a line arrives, a re-follow must not ask for more history than the first did.
      this.#firstSince = toDockerSince(new Date().toISOString());
    }
    const stream = (await this.#docker
      .getContainer(this.container)
      .logs(
        options as unknown as Docker.ContainerLogsOptions & { follow: true },
      )) as unknown as IncomingMessage;
    if (this.#phase === 'stopped' || this.#phase === 'finished') {
      stream.destroy();
      return;
    }
    this.#phase = 'following';
    this.#stream = stream;
    stream.on('data', (chunk: Buffer) => pipeline.push(chunk));
    let done = false;
    // A clean end means Docker finished the body (the container stopped or restarted); an error
    // or a close without end means the connection broke mid-body, and a line may be cut.
    const ended = (clean: boolean, err?: Error) => {
      if (done) return;
      done = true;
      if (this.#stream === stream) this.#stream = undefined;
      if (err) this.#events.log('warn', 'log follow broke', { container: this.container, err: err.message });
      if (this.#phase !== 'following') return;
      if (clean) pipeline.endOfStream();
      else pipeline.beginRefollow();
      this.#phase = 'waiting';
      void this.#reconcile();
    };
    stream.once('end', () => ended(true));
    stream.once('close', () => ended(false));
    stream.once('error', (err) => ended(false, err));
  }

  /** Serialised: events that arrive while it runs make it run once more. */
  async #reconcile(): Promise<void> {
    if (this.#reconciling) {
      this.#dirty = true;
      return;
    }
    this.#reconciling = true;
    try {
      do {
        this.#dirty = false;
        await this.#reconcileOnce();
      } while (this.#dirty && this.#phase === 'waiting');
    } finally {
      this.#reconciling = false;
    }
  }

  async #reconcileOnce(): Promise<void> {
    if (this.#phase !== 'waiting') return;
    let info: Docker.ContainerInspectInfo;
    try {
      info = await this.#docker.getContainer(this.container).inspect();
    } catch (err) {
      if (isDockerUnreachable(err)) return; // dockerAvailable() brings us back.
      if ((err as { statusCode?: number }).statusCode === 404) {
        this.#finish('removed', 'container removed');
        return;
      }
      this.#events.log('warn', 'inspect failed while following', {
        container: this.container,
        err: String(err),
      });
      return;
    }
    if (this.#phase !== 'waiting') return;
    const ranSince = info.State.StartedAt !== this.#startedAt;
    // Not running and no run we have not read: a `start` event brings us back. A run that began
    // and ended between two looks (a short-lived container) is read like any other.
    if (!info.State.Running && !ranSince) {
      // Docker ends a follow when the container exits even if the follower is behind (seen under
      // load: 1,055 of 2,000 lines). One more read from `since=` after the exit fetches the rest;
      // the resume filter drops what was already sent.
      if (this.#drainedRun === info.State.StartedAt) return;
      this.#drainedRun = info.State.StartedAt;
    }
    if (ranSince) {
      // A container's first start is not a restart: it had never run when we began.
      const firstStart =
        this.#startedAt === undefined || this.#startedAt.startsWith(ZERO_TIMESTAMP.slice(0, 4));
      this.#startedAt = info.State.StartedAt;
      if (!firstStart) this.#pipeline!.beginRestart(info.State.StartedAt);
    }
    try {
      await this.#follow();
    } catch (err) {
      this.#events.log('warn', 'could not follow again', { container: this.container, err: String(err) });
      this.#dirty = true;
    }
  }

  #finish(reason: 'removed' | 'error', message: string): void {
    this.#phase = 'finished';
    this.#pipeline!.end(reason, message);
    this.#events.finished(this.container);
  }
}
