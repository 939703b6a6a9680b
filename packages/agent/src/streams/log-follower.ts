import type { Readable } from 'node:stream';
import { DEFAULT_RING_LINES, dockerTimestampToSince, type LogEntry } from '@bosun/protocol';
import type Docker from 'dockerode';
import { isDockerUnreachable } from '../docker/docker-errors.ts';
import { type LogsQuery, openLogs } from '../docker/stored-logs.ts';
import { ContainerLogPipeline, type Scheduler } from '../logs/container-log-pipeline.ts';
import { ZERO_TIMESTAMP } from '../logs/docker-timestamp.ts';
import { type ManagerResume, resumeOptions } from '../logs/manager-resume.ts';
import { AWAITING_DIE, RunEndTracker } from './run-end-tracker.ts';

/** What the manager's `log.stream.start` asks of one container's stream. */
export type FollowRequest = {
  /** The container's id. */
  container: string;
  /** Where to number from when there is nothing to resume. */
  nextSeq?: number;
  /** The last entry the manager holds: continue after it, losing and repeating nothing. */
  resume?: ManagerResume;
  /** History lines to send on a fresh start. */
  tail?: number;
};

/** Where a follower's entries go, and what it tells its registry. */
export type FollowerEvents = {
  /** Numbered entries in batches, in order, as the pipeline makes them. */
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
 *
 * Bound: one Docker body at a time and the pipeline's stage bounds; entries leave at once through
 * `entries` to the outbound queue, which holds the agent's one bound on queued logs.
 */
export class LogFollower {
  /** The container's id. */
  readonly container: string;
  readonly #docker: Docker;
  readonly #events: FollowerEvents;
  readonly #request: FollowRequest;
  readonly #scheduler: Scheduler;
  readonly #tail: number;
  #pipeline: ContainerLogPipeline | undefined;
  #stream: Readable | undefined;
  #phase: Phase = 'idle';
  #startedAt: string | undefined;
  #tty = false;
  #reconciling = false;
  #dirty = false;
  readonly #runEnds = new RunEndTracker(() => void this.#reconcile());
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

  /** Inspects the container and opens the first follow; rejects when the container cannot be read. */
  async start(): Promise<{ nextSeq: number; tty: boolean }> {
    const info = await this.#docker.getContainer(this.container).inspect();
    this.#tty = info.Config.Tty;
    this.#startedAt = info.State.StartedAt;
    const resume = this.#request.resume;
    this.#pipeline = new ContainerLogPipeline({
      tty: this.#tty,
      ...(resume ? resumeOptions(resume) : { nextSeq: this.#request.nextSeq ?? 0 }),
      onEntries: (entries, textBytes) => this.#events.entries(this.container, entries, textBytes),
      onError: (error) => {
        this.#events.log('warn', 'bad bytes in the log stream', {
          container: this.container,
          code: error.code,
        });
        // After a fatal framing error the rest of this body is unreadable: follow again.
        if (error.fatal) this.#stream?.destroy(error);
      },
      // Docker's follow may have skipped lines where it replayed: follow again from the last line
      // sent, which reads the rotated file for them.
      onReplay: () => {
        if (this.#phase === 'following') this.#stream?.destroy();
      },
      scheduler: this.#scheduler,
    });
    const nextSeq = this.#pipeline.nextSeq;
    await this.#follow();
    return { nextSeq, tty: this.#tty };
  }

  /** Ends the follow for good; what the pipeline holds goes out first. */
  stop(): void {
    if (this.#phase === 'finished') return;
    this.#phase = 'stopped';
    this.#runEnds.stop();
    this.#stream?.destroy();
    this.#stream = undefined;
    this.#pipeline?.flush();
  }

  /** Docker said the container started (again). */
  containerStarted(): void {
    if (this.#phase === 'waiting' || this.#reconciling) void this.#reconcile();
  }

  /** Docker said the container was removed. */
  containerDestroyed(): void {
    if (this.#phase === 'waiting' || this.#reconciling) void this.#reconcile();
  }

  /** Docker said the container's process ended, at this time. */
  containerDied(timeNano: bigint): void {
    this.#runEnds.died(timeNano);
    // A follow opened while the container was exiting can wait forever for output that will
    // never come (Docker still saw it running). The `die` event is the sure sign the run is
    // over: end the follow; reconcile reads what is left from the stored logs.
    if (this.#phase === 'following') this.#stream?.destroy();
    else if (this.#phase === 'waiting') void this.#reconcile();
  }

  /** The Docker daemon is reachable again. */
  dockerAvailable(): void {
    if (this.#phase === 'waiting') void this.#reconcile();
  }

  async #follow(): Promise<void> {
    const pipeline = this.#pipeline!;
    const options: LogsQuery = { follow: true };
    const since = this.#since(pipeline);
    if (since) options.since = since;
    else {
      options.tail = this.#tail;
      // Until a line arrives, a re-follow must not ask for more history than the first did.
      this.#firstSince = dockerTimestampToSince(new Date().toISOString());
    }
    const stream = await openLogs(this.#docker, this.container, options);
    if (this.#phase === 'stopped' || this.#phase === 'finished') {
      stream.destroy();
      return;
    }
    this.#phase = 'following';
    this.#feed(stream, pipeline, (clean, err) => {
      if (err) this.#events.log('warn', 'log follow broke', { container: this.container, err: err.message });
      if (this.#phase !== 'following') return;
      endBody(pipeline, clean);
      this.#phase = 'waiting';
      void this.#reconcile();
    });
  }

  /** Where the next read starts: the pipeline's position, or the first follow's until a line came. */
  #since(pipeline: ContainerLogPipeline): string | undefined {
    return pipeline.since ?? this.#firstSince;
  }

  /**
   * Pushes a Docker body into the pipeline until it ends, then calls `ended` once, saying whether
   * it ended cleanly (see `endBody`). Meanwhile the body is the one `stop` destroys.
   */
  #feed(body: Readable, pipeline: ContainerLogPipeline, ended: (clean: boolean, err?: Error) => void): void {
    this.#stream = body;
    body.on('data', (chunk: Buffer) => pipeline.push(chunk));
    let done = false;
    const end = (clean: boolean, err?: Error) => {
      if (done) return;
      done = true;
      if (this.#stream === body) this.#stream = undefined;
      ended(clean, err);
    };
    body.once('end', () => end(true));
    body.once('close', () => end(false));
    body.once('error', (err) => end(false, err));
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
    const diesBefore = this.#runEnds.dies;
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
        // Without its `die` the read could run into a next run that starts meanwhile; the tracker
        // waits for the event briefly, then the read goes without a bound.
        const end = this.#runEnds.endOf(state.StartedAt);
        if (end === AWAITING_DIE) return;
        this.#drainedRun = state.StartedAt;
        await this.#readStored(end);
      }
      return;
    }
    // Running (or a run we have not read yet, which a follow returns and then ends).
    try {
      await this.#follow();
      // It died after we looked: the follow may never end by itself (see containerDied).
      if (this.#runEnds.dies !== diesBefore) this.#stream?.destroy();
    } catch (err) {
      this.#events.log('warn', 'could not follow again', { container: this.container, err: String(err) });
      this.#dirty = true;
    }
  }

  /**
   * Before the restart marker: what the previous run wrote and was not delivered, read up to
   * that run's end (see RunEndTracker). False when its `die` has not arrived yet: containerDied()
   * or the tracker's short wait brings us back, and then the new StartedAt serves as the bound.
   */
  async #finishPreviousRun(startedAt: string): Promise<boolean> {
    const end = this.#runEnds.endBefore(startedAt);
    if (end === AWAITING_DIE) return false;
    if (this.#drainedRun !== this.#startedAt)
      await this.#readStored(end ?? dockerTimestampToSince(startedAt));
    return this.#phase === 'waiting';
  }

  /**
   * Stored lines from where the stream stands up to `until`, without following: a read
   * that cannot run on into the next run of the container, as a follow would.
   */
  async #readStored(until: string | undefined /* Docker's seconds.nanoseconds */): Promise<void> {
    const pipeline = this.#pipeline!;
    const since = this.#since(pipeline);
    let body: Readable;
    try {
      body = await openLogs(this.#docker, this.container, {
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
    await new Promise<void>((resolve) =>
      this.#feed(body, pipeline, (clean) => {
        endBody(pipeline, clean);
        resolve();
      }),
    );
  }

  #finish(reason: 'removed' | 'error', message: string): void {
    this.#phase = 'finished';
    this.#pipeline!.end(reason, message);
    this.#events.finished(this.container);
  }
}

/**
 * Tells the pipeline how a body ended. A clean end means Docker finished the body (the container
 * stopped or restarted, or a read reached its end); an error or a close without end means the
 * connection broke mid-body, and a line may be cut, so the next read takes it again whole.
 */
function endBody(pipeline: ContainerLogPipeline, clean: boolean): void {
  if (clean) pipeline.endOfStream();
  else pipeline.beginRefollow();
}

/** Docker reports times that never happened (a container never started) as year 1. */
function isZeroTime(ts: string): boolean {
  return ts.startsWith(ZERO_TIMESTAMP.slice(0, 5));
}
