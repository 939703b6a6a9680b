import { type DataOf, ProtocolError, type ResultOf, type ResumeCursor } from '@bosun/protocol';
import type { HubOptions } from '../hub-options.ts';
import type { HubLogger } from '../logger.ts';
import type { MemoryBudget, MemoryMeter } from '../memory/memory-budget.ts';
import type { Clock } from '../ports/clock.ts';
import type { Connection } from '../ports/connection.ts';
import type { LogCursorRecord } from '../ports/store.ts';
import type { IngestTap } from '../retention/ingest-tap.ts';
import type { HubCounters } from '../stats/hub-counters.ts';
import type { CursorWriter } from './cursor-writer.ts';
import { DrainTicker } from './drain-ticker.ts';
import type { FanOutPacing } from './fan-out.ts';
import { LogTopic, type TopicControl } from './log-topic.ts';
import { startRequest } from './stream-start.ts';
import { Subscriber } from './subscriber.ts';
import type { SubscriptionFilter } from './subscription-filter.ts';
import { TopicIndex } from './topic-index.ts';

/** How topics reach an agent; the hub routes it to the agent's current session. */
export type StreamRequester = <S extends 'log.stream.start' | 'log.stream.stop'>(
  agentId: string,
  subject: S,
  data: DataOf<S>,
) => Promise<ResultOf<S>>;

/** What the topics need from the hub. */
export interface LogTopicsDeps {
  clock: Clock;
  cursors: CursorWriter;
  options: HubOptions;
  logger: HubLogger;
  counters: HubCounters;
  /** The manager's memory budget: rings and queues report to it, batches check it. */
  budget: MemoryBudget;
  isOnline(agentId: string): boolean;
  request: StreamRequester;
  /** The unsent bytes a viewer socket may hold now before its subscriptions stop writing to it. */
  viewerSocketAllowance(): number;
  /** A topic holding an ingest tap finished (its stream ended or failed for good). */
  tapDropped?(tap: IngestTap): void;
}

/** A viewer's subscription, its references already resolved to an agent and a container id. */
export type SubscribeRequest = {
  agentId: string;
  containerId: string;
  sub: string;
  conn: Connection;
  fromSeq?: number;
  tail?: number;
  /**
   * Goes on from where the topic is, with no history: a subscription taken over after the
   * runtime dropped the hub's memory, whose viewer already has everything up to the cursor.
   */
  goOn?: boolean;
  /** Live lines as `logs.batch.packed` where a batch allows it (`logs.subscribe`'s `packed`). */
  packed?: boolean;
  /** Only the lines this keeps, with the rest counted (`logs.subscribe`'s `filter`, compiled). */
  filter?: SubscriptionFilter;
  /** True once the viewer left or unsubscribed while the topic was being opened. */
  cancelled(): boolean;
  /** Sends the subscribe reply; called in the same step as the snapshot, before any history. */
  reply(positions: { firstSeq: number; nextSeq: number }): void;
};

/** Open topics, their subscriptions and what slow viewers have queued. */
export type LogTopicsStats = {
  topics: number;
  subscriptions: number;
  queuedEntries: number;
  queuedBytes: number;
  /** The highest high-water mark among the current subscriptions' queues, in text bytes. */
  peakQueuedBytes: number;
  ringEntries: number;
  ringBytes: number;
};

/**
 * Every container stream the manager follows, one topic per (agent, container): an index of the
 * topics and the wiring around them. Each topic runs its own stream (start, retry, linger); this
 * opens it for its first subscriber, routes the agent's pushes to it, and when it finishes writes
 * or deletes its cursor and tells the agent to stop.
 */
export class LogTopics {
  readonly #deps: LogTopicsDeps;
  readonly #topics = new TopicIndex();
  readonly #topicOf = new WeakMap<Subscriber, LogTopic>();
  readonly #ticker: DrainTicker;
  readonly #pacing: FanOutPacing;
  readonly #control: TopicControl;
  readonly #ringMeter: MemoryMeter;
  readonly #queueMeter: MemoryMeter;

  constructor(deps: LogTopicsDeps) {
    this.#deps = deps;
    this.#ringMeter = deps.budget.meter('rings');
    this.#queueMeter = deps.budget.meter('queues');
    this.#ticker = new DrainTicker(deps.clock, deps.options.drainIntervalMs);
    const {
      fanOutFramesPerSecond,
      fanOutMaxDelayMs,
      lingerMs,
      streamRetryMs,
      ringLines,
      ingestBacklogLines,
    } = deps.options;
    this.#pacing = {
      clock: deps.clock,
      spacingMs: (subscribers) => {
        const ms = (subscribers / fanOutFramesPerSecond) * 1000;
        // Under a millisecond is not worth a timer: the next batch rarely comes sooner.
        return ms < 1 ? 0 : Math.min(ms, fanOutMaxDelayMs);
      },
      backlogged: (subscriber) => this.#ticker.add(subscriber),
    };
    this.#control = {
      clock: deps.clock,
      counters: deps.counters,
      lingerMs,
      retryMs: streamRetryMs,
      isOnline: (agentId) => deps.isOnline(agentId),
      requestStart: (topic) =>
        deps.request(
          topic.agentId,
          'log.stream.start',
          // A retained stream starting afresh takes what Docker still holds, up to its bound.
          startRequest(topic, topic.tap ? ingestBacklogLines : ringLines),
        ),
      finished: (topic, forget) => this.#finish(topic, forget),
    };
  }

  /** Live streams, what their rings hold and what their subscribers have queued, for metrics and tests. */
  stats(): LogTopicsStats {
    const stats = {
      topics: this.#topics.size,
      subscriptions: 0,
      queuedEntries: 0,
      queuedBytes: 0,
      peakQueuedBytes: 0,
      ringEntries: 0,
      ringBytes: 0,
    };
    for (const topic of this.#topics.all()) {
      stats.ringEntries += topic.ringEntries;
      stats.ringBytes += topic.ringBytes;
      for (const subscriber of topic.subscribers) {
        stats.subscriptions += 1;
        stats.queuedEntries += subscriber.queuedEntries;
        stats.queuedBytes += subscriber.queuedBytes;
        stats.peakQueuedBytes = Math.max(stats.peakQueuedBytes, subscriber.peakBytes);
      }
    }
    return stats;
  }

  /** Every open topic, for the memory budget's shedding. */
  all(): LogTopic[] {
    return this.#topics.all();
  }

  /**
   * Subscribes a viewer to a container's stream, opening its topic (from the persisted cursor)
   * for the first one. Refuses with `limit_exceeded` past `maxTopicsPerAgent` open topics of one
   * agent, and with `rate_limited` while the manager is over its memory budget; resolves
   * undefined when the viewer cancelled while the cursor was being read.
   */
  async subscribe(request: SubscribeRequest): Promise<Subscriber | undefined> {
    const { agentId, containerId } = request;
    refuseOverBudget(this.#deps.budget, 'subscriptions');
    let topic = this.#topics.get(agentId, containerId);
    if (!topic) {
      const open = this.#topics.countOf(agentId);
      if (open >= this.#deps.options.maxTopicsPerAgent) {
        throw new ProtocolError('limit_exceeded', `already streaming ${open} containers of this agent`);
      }
      const persisted = await this.#deps.cursors.get(agentId, containerId);
      if (request.cancelled()) return undefined;
      topic = this.#topics.get(agentId, containerId) ?? this.#open(request, persisted);
    }
    const { options, viewerSocketAllowance } = this.#deps;
    const subscriber = new Subscriber(
      request.sub,
      request.conn,
      {
        queueLines: options.subscriberQueueLines,
        queueBytes: options.subscriberQueueBytes,
        get highWaterBytes() {
          return viewerSocketAllowance();
        },
      },
      this.#deps.counters,
      this.#queueMeter,
      request.packed === true,
      request.filter && {
        filter: request.filter,
        clock: this.#deps.clock,
        reportEveryMs: options.skippedReportMs,
      },
    );
    this.#topicOf.set(subscriber, topic);
    topic.join(subscriber, request, request.reply);
    this.#ticker.add(subscriber);
    return subscriber;
  }

  /**
   * Keeps a retained stream open for its tap, opening its topic if needed: resuming from the
   * persisted cursor or the tap's, whichever is newer for the numbering, the agent asked from the
   * older (`LogTopic.startCursor`). Not bound by `maxTopicsPerAgent`: the ingest has its own bound.
   */
  async hold(tap: IngestTap): Promise<void> {
    const { agentId, containerId } = tap.meta;
    let topic = this.#topics.get(agentId, containerId);
    if (!topic) {
      const persisted = await this.#deps.cursors.get(agentId, containerId);
      topic = this.#topics.get(agentId, containerId) ?? this.#openForTap(tap, persisted);
    }
    topic.attachTap(tap);
  }

  /** The stream leaves retention; its topic lingers unless viewers hold it. */
  release(tap: IngestTap): void {
    const topic = this.#topics.get(tap.meta.agentId, tap.meta.containerId);
    if (topic?.tap === tap) topic.detachTap();
  }

  /** Ends a subscription; what was queued for it is dropped. */
  unsubscribe(subscriber: Subscriber): void {
    subscriber.dispose();
    this.#ticker.delete(subscriber);
    const topic = this.#topicOf.get(subscriber);
    this.#topicOf.delete(subscriber);
    topic?.leave(subscriber);
  }

  /** An agent's log batch: into its topic; a batch for no topic (a stream just stopped) is dropped. */
  onBatch(agentId: string, { container, entries }: DataOf<'log.batch'>): void {
    const topic = this.#topics.get(agentId, container);
    // No topic: a stream stopped a moment ago is still flushing. Dropped on purpose.
    if (!topic) return;
    const taken = topic.ingest(entries);
    if (!taken) return;
    this.#deps.budget.check();
    if (taken.ended) this.#finish(topic, true);
    else if (taken.cursorMoved) {
      const record = this.#cursorRecord(topic);
      if (record) this.#deps.cursors.mark(record);
    }
  }

  /** The agent's follow of a container failed; its topic tells viewers and asks again if needed. */
  onStreamError(agentId: string, data: DataOf<'log.stream.error'>): void {
    this.#topics.get(agentId, data.container)?.streamError(data);
  }

  /** The agent is back (and ready): every topic with viewers resumes from its cursor. */
  agentOnline(agentId: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) topic.agentOnline();
  }

  /** The agent's link dropped: its topics wait for it, their subscribers told `agent_offline`. */
  agentOffline(agentId: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) topic.agentOffline();
  }

  /** Docker went away or came back on the agent's host: every topic of that agent hears it. */
  dockerStatus(agentId: string, status: DataOf<'docker.status'>): void {
    for (const topic of this.#topics.ofAgent(agentId)) topic.dockerStatus(status);
  }

  /** The agent was revoked: its streams end and their cursors go. */
  agentRemoved(agentId: string, message: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) topic.end(message);
  }

  /** Shutdown: every cursor is written, every timer cleared. */
  async close(): Promise<void> {
    this.#ticker.stop();
    for (const topic of this.#topics.all()) {
      const record = this.#cursorRecord(topic);
      if (record) this.#deps.cursors.mark(record);
      topic.close();
      this.#topics.remove(topic);
      for (const subscriber of topic.subscribers) subscriber.dispose();
    }
    await this.#deps.cursors.flush();
  }

  #open(request: SubscribeRequest, persisted: LogCursorRecord | undefined): LogTopic {
    const { options } = this.#deps;
    // Resume losslessly only for a viewer that wants to continue; a fresh viewer gets a fresh
    // tail, numbered on from the persisted cursor so numbers never go back.
    const resume = (request.fromSeq !== undefined || request.goOn === true) && persisted !== undefined;
    const topic = new LogTopic(
      request.agentId,
      request.containerId,
      { lines: options.ringLines, bytes: options.ringBytes, meter: this.#ringMeter },
      {
        ...(resume ? { cursor: resumeCursorOf(persisted) } : {}),
        lastSeq: persisted?.seq ?? -1,
      },
      { pacing: this.#pacing, control: this.#control },
    );
    this.#topics.add(topic);
    return topic;
  }

  #openForTap(tap: IngestTap, persisted: LogCursorRecord | undefined): LogTopic {
    const { options } = this.#deps;
    const viewerNewer = persisted !== undefined && persisted.seq >= tap.lastSeq;
    const start = viewerNewer
      ? { cursor: resumeCursorOf(persisted), lastSeq: persisted.seq }
      : { ...(tap.cursor ? { cursor: tap.cursor } : {}), lastSeq: tap.lastSeq };
    const topic = new LogTopic(
      tap.meta.agentId,
      tap.meta.containerId,
      { lines: options.ringLines, bytes: options.ringBytes, meter: this.#ringMeter },
      start,
      { pacing: this.#pacing, control: this.#control },
    );
    this.#topics.add(topic);
    return topic;
  }

  /**
   * A topic is done: after its linger (`forget` false: the cursor is written now) or for good
   * (`forget` true: the cursor goes). The agent is told to stop if it may still be following.
   */
  #finish(topic: LogTopic, forget: boolean): void {
    if (!this.#topics.has(topic)) return;
    const tap = topic.tap;
    const following = topic.close();
    if (tap) this.#deps.tapDropped?.(tap);
    this.#topics.remove(topic);
    const record = this.#cursorRecord(topic);
    if (forget) void this.#deps.cursors.delete(topic.agentId, topic.containerId);
    else if (record) void this.#deps.cursors.writeNow(record);
    if (!following || !this.#deps.isOnline(topic.agentId)) return;
    const stop = { container: topic.containerId };
    this.#deps.request(topic.agentId, 'log.stream.stop', stop).catch((error: unknown) => {
      this.#deps.logger('debug', 'log.stream.stop failed', { ...stop, error: String(error) });
    });
  }

  #cursorRecord(topic: LogTopic): LogCursorRecord | undefined {
    const cursor = topic.cursor;
    if (!cursor) return undefined;
    const { agentId, containerId } = topic;
    return { agentId, containerId, ...cursor, updatedAt: this.#deps.clock.now() };
  }
}

/** The cursor a stored record resumes from; one stored without positions per stream stays so. */
function resumeCursorOf(record: LogCursorRecord): ResumeCursor {
  const { seq, ts, countAtTs, streams } = record;
  return streams === undefined ? { seq, ts, countAtTs } : { seq, ts, countAtTs, streams };
}

/**
 * Refuses what would hold more memory while the manager is over its budget. `rate_limited`, not
 * `limit_exceeded`: the budget frees itself as viewers catch up, so this is a passing refusal
 * (`isFinalError`) that viewers and `bosun logs -f` retry with their backoff.
 */
export function refuseOverBudget(budget: MemoryBudget, what: 'subscriptions' | 'log reads'): void {
  if (!budget.over()) return;
  budget.noteShed('refused');
  throw new ProtocolError(
    'rate_limited',
    `the manager is over its memory budget and takes no new ${what}: try again later`,
  );
}
