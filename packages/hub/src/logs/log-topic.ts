import {
  advanceResumeCursor,
  type DataOf,
  entryTextBytes,
  type LogEntry,
  type ResumeCursor,
} from '@bosun/protocol';
import type { MemoryMeter } from '../memory/memory-budget.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import type { IngestTap, TapSource } from '../retention/ingest-tap.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import { type FanOutPacing, PacedFanOut } from './fan-out.ts';
import { RingBuffer } from './ring-buffer.ts';
import { classifyStartFailure } from './stream-start.ts';
import type { CatchUpSource, Subscriber, TopicState } from './subscriber.ts';
import { snapshotOf } from './topic-snapshot.ts';
import type { GapRange } from './viewer-frames.ts';

/** How a topic runs its stream with the agent; one shared by every topic of the hub. */
export interface TopicControl {
  clock: Clock;
  /** Counts what the topics take in. */
  counters: HubCounters;
  /** How long a topic keeps following after its last subscriber left. */
  lingerMs: number;
  /** How long a topic waits before asking again after a passing failure. */
  retryMs: number;
  isOnline(agentId: string): boolean;
  /** Asks the agent for the topic's stream; settles with the agent's answer. */
  requestStart(topic: LogTopic): Promise<unknown>;
  /**
   * The topic is done with its stream: its linger ran out (`forget` false: the cursor stays for
   * a later resume) or the stream ended for good (`forget` true: the cursor goes). The owner
   * closes the topic and tells the agent.
   */
  finished(topic: LogTopic, forget: boolean): void;
}

// `starting`: the agent has been asked and has not answered yet. Viewers are never told it.
type TopicPhase = TopicState | 'starting';

/**
 * Where a new subscriber starts: resuming after `fromSeq`, or the last `tail` lines; or, with
 * `goOn`, at the next new entry, with no reply and no history (a subscription taken over).
 */
export type JoinRequest = { fromSeq?: number; tail?: number; goOn?: boolean };

/**
 * One container's stream on the manager: a ring of recent entries (bounded by entries and bytes;
 * the oldest are evicted, and viewers asking for them get a ring_evicted gap), the cursor of the
 * last line, and the subscribers. Lines are deduplicated by seq, so a stream re-requested after
 * a reconnect may repeat what it already sent without anyone seeing it twice.
 *
 * The topic runs its own stream: it asks the agent when its first subscriber joins, again when
 * the agent or Docker comes back and after a passing failure (one retry timer at a time), and it
 * lingers for `lingerMs` after its last subscriber leaves before it reports itself `finished`.
 *
 * A retained stream has an ingest tap as well (`attachTap`): the tap holds the topic open like a
 * subscriber, sees every agent batch before the topic drops repeats, and while it is behind the
 * topic the stream restarts from the tap's older cursor, so the store can catch up through the
 * agent while viewers see nothing twice.
 */
export class LogTopic implements CatchUpSource, TapSource {
  readonly agentId: string;
  readonly containerId: string;
  readonly key: string;
  readonly #ring: RingBuffer<LogEntry>;
  readonly #subscribers = new Set<Subscriber>();
  readonly #fanOut: PacedFanOut;
  readonly #control: TopicControl;
  #cursor: ResumeCursor | undefined;
  // The highest seq taken by a line or gap; numbering never goes back below it.
  #lastSeq: number;
  #phase: TopicPhase = 'starting';
  // The state viewers were last told; viewers assume `live` until told otherwise.
  #announced: TopicState = 'live';
  // True while the agent has no stream for this topic: it must be asked (again).
  #needsStart = true;
  // Bumped per start request and on every change that makes an answer stale (the agent left,
  // the topic closed), so an answer to an older request is ignored.
  #startGeneration = 0;
  #lingerTimer: TimerHandle | undefined;
  #tap: IngestTap | undefined;
  #retryTimer: TimerHandle | undefined;
  #closed = false;

  constructor(
    agentId: string,
    containerId: string,
    ring: { lines: number; bytes: number; meter?: MemoryMeter },
    start: { cursor?: ResumeCursor; lastSeq: number },
    deps: { pacing: FanOutPacing; control: TopicControl },
  ) {
    this.agentId = agentId;
    this.containerId = containerId;
    this.key = topicKey(agentId, containerId);
    this.#ring = new RingBuffer({
      maxItems: ring.lines,
      maxBytes: ring.bytes,
      sizeOf: entryTextBytes,
      ...(ring.meter ? { meter: ring.meter } : {}),
    });
    this.#fanOut = new PacedFanOut(deps.pacing, this.#subscribers);
    this.#control = deps.control;
    this.#cursor = start.cursor;
    this.#lastSeq = start.lastSeq;
  }

  /** The last line held: where a resumed stream continues. */
  get cursor(): ResumeCursor | undefined {
    return this.#cursor;
  }

  /**
   * Where the agent resumes the stream: the older of the topic's cursor and its tap's, so a tap
   * behind the topic catches up (the topic drops the repeats).
   */
  get startCursor(): ResumeCursor | undefined {
    const tapCursor = this.#tap?.cursor;
    if (tapCursor && (!this.#cursor || tapCursor.seq < this.#cursor.seq)) return tapCursor;
    return this.#cursor;
  }

  /** The ingest tap of a retained stream, if any. */
  get tap(): IngestTap | undefined {
    return this.#tap;
  }

  /**
   * Puts the stream under retention: the tap holds the topic open. A topic without a stream asks
   * for one (from the tap's cursor when it is the older); a live one hands the tap what its ring
   * holds past the tap's position, or resends through the agent when the ring no longer reaches.
   */
  attachTap(tap: IngestTap): void {
    this.#tap = tap;
    tap.attach(this);
    this.#stopLingering();
    const waiting = this.#retryTimer !== undefined || this.#phase === 'docker_unavailable';
    if (this.#needsStart) {
      if (!waiting) this.#start();
    } else tap.resume();
  }

  /** The stream leaves retention; without subscribers the topic lingers, then finishes. */
  detachTap(): void {
    this.#tap?.attach(undefined);
    this.#tap = undefined;
    this.#lingerIfIdle();
  }

  /** The tap asks for a resend from its cursor (`startCursor`). */
  restartStream(): void {
    if (!this.#closed) this.#start();
  }

  /** The seq the next new line or gap takes. */
  get nextSeq(): number {
    return this.#lastSeq + 1;
  }

  /** Entries held in the ring of recent entries. */
  get ringEntries(): number {
    return this.#ring.length;
  }

  /** Text bytes held in the ring of recent entries. */
  get ringBytes(): number {
    return this.#ring.bytes;
  }

  /**
   * Past the manager's memory budget: evicts the oldest entries until the ring holds at most
   * `keepBytes` of text. Subscribers already have them or have them queued; a viewer asking
   * for them later gets a ring_evicted gap, as after any eviction.
   */
  trimRing(keepBytes: number): void {
    if (keepBytes <= 0) {
      this.#ring.clear();
      return;
    }
    while (this.#ring.length > 0 && this.#ring.bytes > keepBytes) this.#ring.shift();
  }

  /** Who is subscribed; changed only by `join` and `leave`. */
  get subscribers(): ReadonlySet<Subscriber> {
    return this.#subscribers;
  }

  /**
   * Takes what is new in an agent batch: lines and gaps beyond the last seq, markers not behind
   * it, into the ring and on their way to subscribers (at once, or with the next paced fan-out).
   * Returns undefined when all were repeats.
   */
  ingest(entries: readonly LogEntry[]): { ended: boolean; cursorMoved: boolean } | undefined {
    // Before the dedup below: a tap behind the topic needs the repeats.
    this.#tap?.take(entries);
    const accepted: LogEntry[] = [];
    let ended = false;
    let cursorMoved = false;
    for (const entry of entries) {
      const taken = this.#accept(entry);
      if (!taken) continue;
      accepted.push(taken);
      const size = this.#ring.push(taken);
      if (taken.kind === 'line') {
        cursorMoved = true;
        this.#control.counters.lineIn(size);
      } else if (taken.kind === 'gap') {
        this.#control.counters.gap(taken.reason, taken.toSeq - taken.fromSeq + 1);
      }
      // Nothing follows the end of a stream.
      if (taken.kind === 'end') {
        ended = true;
        break;
      }
    }
    if (accepted.length === 0) return undefined;
    // An ended topic is closed at once, and closing flushes.
    this.#fanOut.send(accepted);
    return { ended, cursorMoved };
  }

  /**
   * A new subscriber: its snapshot, the reply with its positions and its registration happen in
   * one synchronous step, so no entry lands in between and history and live neither overlap nor
   * leave a hole. Ends a linger; asks the agent for the stream if it has none and is not already
   * waiting for a retry or for Docker.
   */
  join(
    subscriber: Subscriber,
    from: JoinRequest,
    reply: (positions: { firstSeq: number; nextSeq: number }) => void,
  ): void {
    this.#stopLingering();
    // Entries still pending are in the ring: they go to the current subscribers now, so the new
    // one gets them once, as history.
    this.#fanOut.flush();
    if (from.goOn) {
      this.#subscribers.add(subscriber);
      subscriber.goOn(this.nextSeq, this);
    } else {
      const snapshot = snapshotOf(this.#ring, this.#lastSeq, from.fromSeq, from.tail);
      reply({ firstSeq: snapshot.firstSeq, nextSeq: snapshot.nextSeq });
      this.#subscribers.add(subscriber);
      subscriber.begin(snapshot.history, snapshot.evicted, snapshot.skipBelow, this);
    }
    if (this.#announced !== 'live') subscriber.status(this.#announced);
    // A new topic, or one that lingered through an agent reconnect, has no stream yet.
    const waiting = this.#retryTimer !== undefined || this.#phase === 'docker_unavailable';
    if (this.#needsStart && !waiting) this.#start();
  }

  /**
   * What a parked subscriber missed from `fromSeq` on: what is pending goes out first (to
   * everyone; the parked one ignores it), then the ring from there, with what it no longer holds.
   */
  catchUp(fromSeq: number): { history: LogEntry[]; evicted: GapRange | undefined } {
    this.#fanOut.flush();
    const snapshot = snapshotOf(this.#ring, this.#lastSeq, fromSeq, undefined);
    return { history: snapshot.history, evicted: snapshot.evicted };
  }

  /** A subscriber left; the last one to leave starts the linger. */
  leave(subscriber: Subscriber): void {
    this.#subscribers.delete(subscriber);
    this.#lingerIfIdle();
  }

  // Nobody holds the topic any more: it lingers, then finishes.
  #lingerIfIdle(): void {
    if (this.#closed || this.#held() || this.#lingerTimer !== undefined) return;
    const { clock, lingerMs } = this.#control;
    this.#lingerTimer = clock.setTimeout(() => {
      this.#lingerTimer = undefined;
      this.#control.finished(this, false);
    }, lingerMs);
  }

  /** The agent is back and ready: a topic with subscribers and no stream asks for it again. */
  agentOnline(): void {
    if (this.#needsStart && this.#held()) this.#start();
  }

  /** The agent is gone, and its streams with it: whatever it was asked is void. */
  agentOffline(): void {
    this.#startGeneration += 1;
    this.#needsStart = true;
    this.#clearRetry();
    this.#setPhase('agent_offline');
  }

  /** Docker went away (viewers told, unless the agent is offline) or came back (asked again if never started). */
  dockerStatus(status: DataOf<'docker.status'>): void {
    if (!status.available) {
      if (this.#phase !== 'agent_offline') this.#setPhase('docker_unavailable', status.message);
    } else if (this.#phase === 'docker_unavailable') {
      // A running follow waits out the daemon by itself; only a stream that never started is asked again.
      if (this.#needsStart) this.#start();
      else this.#setPhase('live');
    }
  }

  /** The agent reports its follow failed; one it does not retry itself is asked for again later. */
  streamError({ error, retrying }: Pick<DataOf<'log.stream.error'>, 'error' | 'retrying'>): void {
    if (error.code === 'docker_unavailable') this.#setPhase('docker_unavailable', error.message);
    else this.#setPhase(this.#announced, error.message);
    if (!retrying) {
      this.#needsStart = true;
      this.#retryLater();
    }
  }

  /** The stream ends for good (the agent was revoked): subscribers are told, then it finishes. */
  end(message: string): void {
    this.#setPhase('ended', message);
    this.#control.finished(this, true);
  }

  /**
   * Stops for good: what is pending goes to the subscribers still there, every timer stops and
   * any answer still to come is ignored. Subscribers keep their subscription, and what is queued
   * for them, until they unsubscribe. Returns whether the agent may still be following, so the
   * owner knows to ask it to stop.
   */
  close(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    this.#fanOut.flush();
    // No one can join a closed topic: its ring is dropped now, and with it its share of the budget.
    this.#ring.clear();
    this.#stopLingering();
    this.#clearRetry();
    this.#startGeneration += 1;
    return !this.#needsStart;
  }

  #accept(entry: LogEntry): LogEntry | undefined {
    switch (entry.kind) {
      case 'line':
        if (entry.seq <= this.#lastSeq) return undefined;
        this.#lastSeq = entry.seq;
        this.#cursor = advanceResumeCursor(this.#cursor, entry);
        return entry;
      case 'gap': {
        if (entry.toSeq <= this.#lastSeq) return undefined;
        const fromSeq = Math.max(entry.fromSeq, this.#lastSeq + 1);
        this.#lastSeq = entry.toSeq;
        return fromSeq === entry.fromSeq ? entry : { ...entry, fromSeq };
      }
      default:
        return entry.afterSeq < this.#lastSeq ? undefined : entry;
    }
  }

  #start(): void {
    this.#clearRetry();
    if (!this.#control.isOnline(this.agentId)) {
      this.#needsStart = true;
      this.#setPhase('agent_offline');
      return;
    }
    const generation = ++this.#startGeneration;
    this.#needsStart = false;
    this.#setPhase('starting');
    this.#control.requestStart(this).then(
      () => {
        if (this.#startGeneration === generation) this.#setPhase('live');
      },
      (error: unknown) => {
        if (this.#startGeneration === generation) this.#startFailed(error);
      },
    );
  }

  #startFailed(error: unknown): void {
    this.#needsStart = true;
    const failure = classifyStartFailure(error);
    switch (failure.kind) {
      case 'agent_offline':
        this.#setPhase('agent_offline');
        return;
      case 'docker_unavailable':
        this.#setPhase('docker_unavailable', failure.message);
        return;
      case 'final':
        this.#setPhase('ended', failure.message);
        this.#control.finished(this, failure.forgetCursor);
        return;
      default:
        this.#setPhase(this.#announced, failure.message);
        this.#retryLater();
    }
  }

  #retryLater(): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = this.#control.clock.setTimeout(() => {
      this.#retryTimer = undefined;
      if (!this.#closed && this.#needsStart && this.#held()) this.#start();
    }, this.#control.retryMs);
  }

  // Subscribers or a tap keep the stream running.
  #held(): boolean {
    return this.#subscribers.size > 0 || this.#tap !== undefined;
  }

  #clearRetry(): void {
    if (this.#retryTimer !== undefined) this.#control.clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  #stopLingering(): void {
    if (this.#lingerTimer !== undefined) this.#control.clock.clearTimeout(this.#lingerTimer);
    this.#lingerTimer = undefined;
  }

  // Tells subscribers when the state they see changes (or a message comes with it).
  #setPhase(phase: TopicPhase, message?: string): void {
    // A status describes the present: entries from before it go out first.
    this.#fanOut.flush();
    this.#phase = phase;
    if (phase === 'starting') return;
    if (phase === this.#announced && message === undefined) return;
    this.#announced = phase;
    for (const subscriber of this.#subscribers) subscriber.status(phase, message);
  }
}

/** The key of a (agent, container) stream, for maps of topics and cursors. */
export function topicKey(agentId: string, containerId: string): string {
  return `${agentId}/${containerId}`;
}
