import type { IncomingMessage } from 'node:http';
import {
  DEFAULT_RING_LINES,
  dockerTimestampToSince,
  dockerTimestampToUnixNanos,
  type LogEntry,
  unixNanosToDockerSince,
} from '@bosun/protocol';
import type Docker from 'dockerode';
import { isDockerUnreachable } from '../docker/docker-errors.ts';
import { openStoredLogs } from '../docker/stored-logs.ts';
import { ContainerLogPipeline, type Scheduler } from '../logs/container-log-pipeline.ts';
import { ZERO_TIMESTAMP } from '../logs/docker-timestamp.ts';

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

/** How long a restart waits for the previous run's `die` event before going on without it. */
const DIE_EVENT_WAIT_MS = 2000;

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
  /** Times of the container's recent `die` events (bounded: the last 8). */
  readonly #deaths: bigint[] = [];
  #deathCount = 0;
  #waitedForDeath = false;
  #deathTimer: ReturnType<typeof setTimeout> | undefined;
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
    clearTimeout(this.#deathTimer);
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

  /** Docker said the container's process ended, at this time. */
  containerDied(timeNano: bigint): void {
    this.#deaths.push(timeNano);
    if (this.#deaths.length > 8) this.#deaths.shift();
    this.#deathCount++;
    // A follow opened while the container was exiting can wait forever for output that will
    // never come (Docker still saw it running). The `die` event is the sure sign the run is
    // over: end the follow; reconcile reads what is left from the stored logs.
    if (this.#phase === 'following') this.#stream?.destroy();
    else if (this.#phase === 'waiting') void this.#reconcile();
  }

  #waitForDeath(): void {
    this.#waitedForDeath = true;
    this.#deathTimer = setTimeout(() => void this.#reconcile(), DIE_EVENT_WAIT_MS);
  }

  #stopWaitingForDeath(): void {
    clearTimeout(this.#deathTimer);
    this.#waitedForDeath = false;
  }

  /** The first `die` after the run that started at `startedAt`, as Docker's `until`. */
  #deathAfter(startedAt: string): string | undefined {
    const start = dockerTimestampToUnixNanos(startedAt);
    const after = this.#deaths.find((t) => t >= start);
    return after === undefined ? undefined : unixNanosToDockerSince(after);
  }

  /** The latest `die` before `startedAt`, as Docker's `until`. */
  #deathBefore(startedAt: string): string | undefined {
    const start = dockerTimestampToUnixNanos(startedAt);
    const before = this.#deaths.filter((t) => t < start);
    const last = before.at(-1);
    return last === undefined ? undefined : unixNanosToDockerSince(last);
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
      this.#firstSince = dockerTimestampToSince(new Date().toISOString());
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
    const deathsBefore = this.#deathCount;
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
    const state = info.State;
    if (state.StartedAt !== this.#startedAt) {
      const previous = this.#startedAt;
      // A container's first start is not a restart: it had never run when we began.
      if (previous !== undefined && !isZeroTime(previous)) {
        if (!(await this.#finishPreviousRun(state.StartedAt))) return;
        this.#pipeline!.beginRestart(state.StartedAt);
      }
      this.#startedAt = state.StartedAt;
      this.#drainedRun = undefined;
    } else if (!state.Running) {
      // The run we followed is over. Docker ends a follow when the container exits even if the
      // follower is behind (seen under load: 1,055 of 2,000 lines), so what is left is read
      // once from the stored logs; then a `start` event brings us back. No `until`: nothing
      // newer than this run is stored while the container stays stopped.
      if (this.#drainedRun !== state.StartedAt && !isZeroTime(state.StartedAt)) {
        const died = this.#deathAfter(state.StartedAt);
        // Without its `die` the read could run into a next run that starts meanwhile; wait for
        // the event briefly, then read without a bound.
        if (died === undefined && !this.#waitedForDeath) {
          this.#waitForDeath();
          return;
        }
        this.#stopWaitingForDeath();
        this.#drainedRun = state.StartedAt;
        await this.#readStored(died);
      }
      return;
    }
    // Running (or a run we have not read yet, which a follow returns and then ends).
    try {
      await this.#follow();
      // It died after we looked: the follow may never end by itself (see containerDied).
      if (this.#deathCount !== deathsBefore) this.#stream?.destroy();
    } catch (err) {
      this.#events.log('warn', 'could not follow again', { container: this.container, err: String(err) });
      this.#dirty = true;
    }
  }

  /**
   * Before the restart marker: what the previous run wrote and was not delivered, read up to
   * that run's `die` (Docker sends it once the run's output is drained and stamped; neither
   * FinishedAt, taken at the exit itself, nor the new StartedAt, recorded after the process
   * began, is a safe boundary). False when the `die` has not arrived yet: containerDied() or a
   * short timer brings us back, and then StartedAt serves as the boundary.
   */
  async #finishPreviousRun(startedAt: string): Promise<boolean> {
    const died = this.#deathBefore(startedAt);
    if (died === undefined && !this.#waitedForDeath) {
      this.#waitForDeath();
      return false;
    }
    this.#stopWaitingForDeath();
    if (this.#drainedRun !== this.#startedAt)
      await this.#readStored(died ?? dockerTimestampToSince(startedAt));
    return this.#phase === 'waiting';
  }

  /**
   * Stored lines from where the stream stands up to `until`, without following: a read
   * that cannot run on into the next run of the container, as a follow would.
   */
  async #readStored(until: string | undefined /* Docker's seconds.nanoseconds */): Promise<void> {
    const pipeline = this.#pipeline!;
    const since = pipeline.since ?? this.#firstSince;
    let body: IncomingMessage;
    try {
      body = await openStoredLogs(this.#docker, this.container, {
        ...(until ? { until } : {}),
        ...(since ? { since } : { tail: this.#tail }),
      });
    } catch (err) {
      this.#events.log('warn', 'could not read stored logs', { container: this.container, err: String(err) });
      return;
    }
    if (this.#phase !== 'waiting') {
      body.destroy();
      return;
    }
    this.#stream = body;
    await new Promise<void>((resolve) => {
      let done = false;
      const ended = (clean: boolean) => {
        if (done) return;
        done = true;
        if (this.#stream === body) this.#stream = undefined;
        if (clean) pipeline.endOfStream();
        else pipeline.beginRefollow();
        resolve();
      };
      body.on('data', (chunk: Buffer) => pipeline.push(chunk));
      body.once('end', () => ended(true));
      body.once('close', () => ended(false));
      body.once('error', () => ended(false));
    });
  }

  #finish(reason: 'removed' | 'error', message: string): void {
    this.#phase = 'finished';
    this.#pipeline!.end(reason, message);
    this.#events.finished(this.container);
  }
}

/** Docker reports times that never happened (a container never started) as year 1. */
function isZeroTime(ts: string): boolean {
  return ts.startsWith(ZERO_TIMESTAMP.slice(0, 5));
}
