import { type DataOf, logReadBatchBytes, logReadSchema, ProtocolError } from '@bosun/protocol';
import type { AgentSession } from '../agents/agent-session.ts';
import { defaultTimeoutMs } from '../agents/request-timeouts.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import { newId } from '../secrets.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import type { LogReadSlots } from './log-read-slots.ts';

/** Which stored lines a read asks for, as `docker logs` takes them, and who asks. */
export type ReadLogsOptions = {
  tail?: number | 'all';
  since?: string;
  until?: string;
  /** The user the read counts against (`maxReadsPerUser`); reads without one count only in total. */
  user?: string;
};

/** One batch of a read, in the order Docker stored it. */
export type ReadLogsEntries = DataOf<'log.read.batch'>['entries'];

/**
 * A running read, driven by its consumer: `onEntries` hands it each batch, the consumer calls
 * `credit` with the bytes (`logReadBatchBytes`) it has passed on, and `cancel` when it no longer
 * wants the rest. `done` settles when the read ends, whichever way.
 */
export interface LogRead {
  readonly done: Promise<{ lines: number }>;
  /**
   * False for a read from an agent of protocol 1: it sends at its own pace whatever the credit,
   * so its consumer must bound what it holds itself.
   */
  readonly windowed: boolean;
  credit(bytes: number): void;
  cancel(): void;
}

/** The flow-control bounds of reads (from `HubOptions`). */
export type LogReadLimits = {
  maxReadsPerAgent: number;
  /** Bytes of line text an agent may send for a read before the consumer has taken any. */
  windowBytes: number;
  /** A read in which nothing moves for this long, while it waits on the agent, fails with `timeout`. */
  idleMs: number;
};

/** What a read's session keeps of it, so the agent's batches reach it. */
export interface SessionLogRead {
  batch(entries: ReadLogsEntries): void;
}

/**
 * A one-shot read of a container's stored logs (not a live stream): the agent pushes
 * `log.read.batch` frames tagged with the read's id, then answers the request with the count.
 *
 * Flow control, with agents of protocol 2 and newer: the read asks for a window of
 * `windowBytes`, and the hub grants credit (`log.read.credit`) as the consumer reports what it
 * took, so no more than a window waits in the manager however slow the consumer is. There is no
 * total deadline: the read fails with `timeout` only when the agent holds credit and sends
 * nothing for `idleMs` (a read waiting on its consumer waits). `cancel` sends `log.read.cancel`
 * and frees the read's slot at once. Agents of protocol 1 know none of this: they get the read
 * as before, unwindowed and with the old total deadline, and a cancel only stops the hub
 * passing their batches on.
 *
 * At most `maxReadsPerAgent` run per agent connection, and the slots' per-user and total caps;
 * more fail with `limit_exceeded`. The read ends with the request, whichever way it ends,
 * including the agent disconnecting.
 */
export function readLogs(
  session: AgentSession,
  container: string,
  options: ReadLogsOptions,
  onEntries: (entries: ReadLogsEntries) => void,
  limits: LogReadLimits,
  slots: LogReadSlots,
  clock: Clock,
  counters: HubCounters,
): LogRead {
  if (session.reads.size >= limits.maxReadsPerAgent) {
    throw new ProtocolError(
      'limit_exceeded',
      `at most ${limits.maxReadsPerAgent} log reads at once per agent`,
    );
  }
  const readId = newId('rd_');
  const data: DataOf<'log.read'> = { container, readId };
  if (options.tail !== undefined) data.tail = options.tail;
  if (options.since !== undefined) data.since = options.since;
  if (options.until !== undefined) data.until = options.until;
  const windowed = session.protocol >= 2;
  if (windowed) data.window = limits.windowBytes;
  // Checked here so a bad `since` is the caller's error, not a round trip to the agent.
  const checked = logReadSchema.safeParse(data);
  if (!checked.success)
    throw new ProtocolError('invalid_data', checked.error.issues[0]?.message ?? 'invalid log read');
  const release = slots.acquire(options.user);
  counters.readStarted();
  return new RunningRead(session, readId, data, onEntries, { limits, clock, counters }, release, windowed);
}

// Credit goes back in pieces of this share of the window, so a batch's credit is not a frame of
// its own; any share up to the whole window keeps the read moving, since an agent that stopped
// for credit has a whole window unreported here.
const CREDIT_SHARE = 4;

class RunningRead implements LogRead {
  readonly done: Promise<{ lines: number }>;
  readonly #session: AgentSession;
  readonly #readId: string;
  readonly #onEntries: (entries: ReadLogsEntries) => void;
  readonly #limits: LogReadLimits;
  readonly #clock: Clock;
  readonly #counters: HubCounters;
  readonly #release: () => void;
  readonly windowed: boolean;
  #lines = 0;
  // Bytes the agent has sent beyond the credit it was granted: at the window, it waits.
  #unacknowledged = 0;
  // Consumed bytes not yet granted back.
  #owed = 0;
  #lastMoveAt: number;
  #idleTimer: TimerHandle | undefined;
  #ended = false;
  #endWith: (outcome: { lines: number } | { error: unknown }) => void = () => {};

  constructor(
    session: AgentSession,
    readId: string,
    data: DataOf<'log.read'>,
    onEntries: (entries: ReadLogsEntries) => void,
    { limits, clock, counters }: { limits: LogReadLimits; clock: Clock; counters: HubCounters },
    release: () => void,
    windowed: boolean,
  ) {
    this.#session = session;
    this.#readId = readId;
    this.#onEntries = onEntries;
    this.#limits = limits;
    this.#clock = clock;
    this.#counters = counters;
    this.#release = release;
    this.windowed = windowed;
    this.#lastMoveAt = clock.now();
    this.done = new Promise((resolve, reject) => {
      this.#endWith = (outcome) => ('error' in outcome ? reject(outcome.error) : resolve(outcome));
    });
    session.reads.set(readId, { batch: (entries) => this.#batch(entries) });
    if (windowed) this.#watchIdle(limits.idleMs);
    // An agent of protocol 1 cannot be told to stop: its read keeps today's total deadline.
    const timeoutMs = windowed ? undefined : defaultTimeoutMs('log.read', data);
    session.request('log.read', data, timeoutMs).then(
      (result) => this.#end({ lines: result.lines }),
      (error: unknown) => this.#end({ error }),
    );
  }

  credit(bytes: number): void {
    if (this.#ended || !this.windowed || bytes <= 0) return;
    this.#lastMoveAt = this.#clock.now();
    this.#owed += bytes;
    if (this.#owed * CREDIT_SHARE < this.#limits.windowBytes) return;
    const grant = this.#owed;
    this.#owed = 0;
    this.#unacknowledged -= grant;
    this.#session.push('log.read.credit', { readId: this.#readId, bytes: grant });
  }

  cancel(): void {
    if (this.#ended) return;
    if (this.windowed) this.#session.push('log.read.cancel', { readId: this.#readId });
    this.#counters.readCancelled();
    this.#end({ lines: this.#lines });
  }

  #batch(entries: ReadLogsEntries): void {
    if (this.#ended) return;
    this.#lastMoveAt = this.#clock.now();
    this.#lines += entries.length;
    const bytes = logReadBatchBytes(entries);
    this.#unacknowledged += bytes;
    this.#counters.readBatch(entries.length, bytes);
    this.#onEntries(entries);
  }

  // Idle means the agent has credit and sends nothing; a read whose window is full waits on its
  // consumer, however long that takes.
  #watchIdle(delayMs: number): void {
    this.#idleTimer = this.#clock.setTimeout(() => {
      this.#idleTimer = undefined;
      if (this.#ended) return;
      const waitingOnConsumer = this.#unacknowledged >= this.#limits.windowBytes;
      if (waitingOnConsumer) this.#lastMoveAt = this.#clock.now();
      const quietFor = this.#clock.now() - this.#lastMoveAt;
      if (quietFor < this.#limits.idleMs) {
        this.#watchIdle(this.#limits.idleMs - quietFor);
        return;
      }
      this.#session.push('log.read.cancel', { readId: this.#readId });
      this.#end({
        error: new ProtocolError('timeout', `log.read: nothing from the agent for ${this.#limits.idleMs} ms`),
      });
    }, delayMs);
  }

  #end(outcome: { lines: number } | { error: unknown }): void {
    if (this.#ended) return;
    this.#ended = true;
    if (this.#idleTimer !== undefined) this.#clock.clearTimeout(this.#idleTimer);
    this.#session.reads.delete(this.#readId);
    this.#release();
    if ('error' in outcome) {
      this.#counters.readFailed(outcome.error instanceof ProtocolError ? outcome.error.code : 'internal');
    }
    this.#endWith(outcome);
  }
}
