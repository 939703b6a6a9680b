import { type DataOf, ProtocolError, type ResultOf } from '@bosun/protocol';
import type { HubOptions } from '../hub-options.ts';
import type { HubLogger } from '../logger.ts';
import type { Clock } from '../ports/clock.ts';
import type { Connection } from '../ports/connection.ts';
import type { LogCursorRecord } from '../ports/store.ts';
import type { CursorWriter } from './cursor-writer.ts';
import { DrainTicker } from './drain-ticker.ts';
import { type FanOutPacing, LogTopic } from './log-topic.ts';
import { classifyStartFailure, startRequest } from './stream-start.ts';
import { Subscriber } from './subscriber.ts';
import { TopicIndex } from './topic-index.ts';

/** How topics reach an agent; the hub routes it to the agent's current session. */
export type StreamRequester = <S extends 'log.stream.start' | 'log.stream.stop'>(
  agentId: string,
  subject: S,
  data: DataOf<S>,
) => Promise<ResultOf<S>>;

export interface LogTopicsDeps {
  clock: Clock;
  cursors: CursorWriter;
  options: HubOptions;
  logger: HubLogger;
  isOnline(agentId: string): boolean;
  request: StreamRequester;
}

export type SubscribeRequest = {
  agentId: string;
  containerId: string;
  sub: string;
  conn: Connection;
  fromSeq?: number;
  tail?: number;
  /** True once the viewer left or unsubscribed while the topic was being opened. */
  cancelled(): boolean;
  /** Sends the subscribe reply; called in the same step as the snapshot, before any history. */
  reply(positions: { firstSeq: number; nextSeq: number }): void;
};

export type LogTopicsStats = {
  topics: number;
  subscriptions: number;
  queuedEntries: number;
  queuedBytes: number;
  /** The highest high-water mark among the current subscriptions' queues, in text bytes. */
  peakQueuedBytes: number;
};

/**
 * Every container stream the manager follows, one topic per (agent, container): reference
 * counted by subscribers, started on the first, stopped a linger after the last leaves,
 * re-requested from its cursor whenever the agent comes back.
 */
export class LogTopics {
  readonly #deps: LogTopicsDeps;
  readonly #topics = new TopicIndex();
  readonly #topicOf = new WeakMap<Subscriber, LogTopic>();
  readonly #ticker: DrainTicker;
  readonly #pacing: FanOutPacing;

  constructor(deps: LogTopicsDeps) {
    this.#deps = deps;
    this.#ticker = new DrainTicker(deps.clock, deps.options.drainIntervalMs);
    const { fanOutFramesPerSecond, fanOutMaxDelayMs } = deps.options;
    this.#pacing = {
      clock: deps.clock,
      spacingMs: (subscribers) => {
        const ms = (subscribers / fanOutFramesPerSecond) * 1000;
        // Under a millisecond is not worth a timer: the next batch rarely comes sooner.
        return ms < 1 ? 0 : Math.min(ms, fanOutMaxDelayMs);
      },
      backlogged: (subscriber) => this.#ticker.add(subscriber),
    };
  }

  /** Live streams and what their subscribers have queued, for metrics and tests. */
  stats(): LogTopicsStats {
    const stats = {
      topics: this.#topics.size,
      subscriptions: 0,
      queuedEntries: 0,
      queuedBytes: 0,
      peakQueuedBytes: 0,
    };
    for (const topic of this.#topics.all()) {
      for (const subscriber of topic.subscribers) {
        stats.subscriptions += 1;
        stats.queuedEntries += subscriber.queuedEntries;
        stats.queuedBytes += subscriber.queuedBytes;
        stats.peakQueuedBytes = Math.max(stats.peakQueuedBytes, subscriber.peakBytes);
      }
    }
    return stats;
  }

  async subscribe(request: SubscribeRequest): Promise<Subscriber | undefined> {
    const { agentId, containerId } = request;
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
    return this.#attach(topic, request);
  }

  unsubscribe(subscriber: Subscriber): void {
    subscriber.dispose();
    this.#ticker.delete(subscriber);
    const topic = this.#topicOf.get(subscriber);
    this.#topicOf.delete(subscriber);
    if (!topic || !this.#topics.has(topic)) return;
    topic.subscribers.delete(subscriber);
    if (topic.subscribers.size === 0 && topic.lingerTimer === undefined) {
      topic.lingerTimer = this.#deps.clock.setTimeout(
        () => this.#close(topic, false),
        this.#deps.options.lingerMs,
      );
    }
  }

  onBatch(agentId: string, { container, entries }: DataOf<'log.batch'>): void {
    const topic = this.#topics.get(agentId, container);
    // No topic: a stream stopped a moment ago is still flushing. Dropped on purpose.
    if (!topic) return;
    const taken = topic.ingest(entries);
    if (!taken) return;
    if (taken.ended) this.#close(topic, true);
    else if (taken.cursorMoved) {
      const record = this.#cursorRecord(topic);
      if (record) this.#deps.cursors.mark(record);
    }
  }

  onStreamError(agentId: string, { container, error, retrying }: DataOf<'log.stream.error'>): void {
    const topic = this.#topics.get(agentId, container);
    if (!topic) return;
    if (error.code === 'docker_unavailable') topic.setPhase('docker_unavailable', error.message);
    else topic.setPhase(topic.announced, error.message);
    if (!retrying) {
      topic.needsStart = true;
      this.#retryLater(topic);
    }
  }

  /** The agent is back (and ready): every topic with viewers resumes from its cursor. */
  agentOnline(agentId: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) {
      if (topic.needsStart && topic.subscribers.size > 0) this.#start(topic);
    }
  }

  agentOffline(agentId: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) {
      topic.startGeneration += 1;
      topic.needsStart = true;
      this.#clearRetry(topic);
      topic.setPhase('agent_offline');
    }
  }

  dockerStatus(agentId: string, status: DataOf<'docker.status'>): void {
    for (const topic of this.#topics.ofAgent(agentId)) {
      if (!status.available) {
        if (topic.phase !== 'agent_offline') topic.setPhase('docker_unavailable', status.message);
      } else if (topic.phase === 'docker_unavailable') {
        // A running follow waits out the daemon by itself; only a stream that never started is asked again.
        if (topic.needsStart) this.#start(topic);
        else topic.setPhase('live');
      }
    }
  }

  /** The agent was revoked: its streams end and their cursors go. */
  agentRemoved(agentId: string, message: string): void {
    for (const topic of this.#topics.ofAgent(agentId)) {
      topic.setPhase('ended', message);
      this.#close(topic, true);
    }
  }

  /** Shutdown: every cursor is written, every timer cleared. */
  async close(): Promise<void> {
    this.#ticker.stop();
    for (const topic of this.#topics.all()) {
      const record = this.#cursorRecord(topic);
      if (record) this.#deps.cursors.mark(record);
      this.#forget(topic);
      for (const subscriber of topic.subscribers) subscriber.dispose();
    }
    await this.#deps.cursors.flush();
  }

  #open(request: SubscribeRequest, persisted: LogCursorRecord | undefined): LogTopic {
    const { options } = this.#deps;
    // Resume losslessly only for a viewer that wants to continue; a fresh viewer gets a fresh
    // tail, numbered on from the persisted cursor so numbers never go back.
    const resume = request.fromSeq !== undefined && persisted !== undefined;
    const topic = new LogTopic(
      request.agentId,
      request.containerId,
      { lines: options.ringLines, bytes: options.ringBytes },
      {
        ...(resume
          ? { cursor: { seq: persisted.seq, ts: persisted.ts, countAtTs: persisted.countAtTs } }
          : {}),
        lastSeq: persisted?.seq ?? -1,
      },
      this.#pacing,
    );
    this.#topics.add(topic);
    return topic;
  }

  // Snapshot and registration happen in one synchronous step: no entry can land in between,
  // so history and live neither overlap nor leave a hole.
  #attach(topic: LogTopic, request: SubscribeRequest): Subscriber {
    if (topic.lingerTimer !== undefined) this.#deps.clock.clearTimeout(topic.lingerTimer);
    topic.lingerTimer = undefined;
    // Entries still pending are in the ring: they go to the current subscribers now, so the
    // new one gets them once, as history.
    topic.flush();
    const snapshot = topic.snapshot(request.fromSeq, request.tail);
    request.reply({ firstSeq: snapshot.firstSeq, nextSeq: snapshot.nextSeq });
    const { options } = this.#deps;
    const subscriber = new Subscriber(request.sub, request.conn, {
      queueLines: options.subscriberQueueLines,
      queueBytes: options.subscriberQueueBytes,
      highWaterBytes: options.viewerHighWaterBytes,
    });
    topic.subscribers.add(subscriber);
    this.#topicOf.set(subscriber, topic);
    subscriber.begin(snapshot.history, snapshot.evicted, snapshot.skipBelow);
    if (topic.announced !== 'live') subscriber.status(topic.announced);
    this.#ticker.add(subscriber);
    // A new topic, or one that lingered through an agent reconnect, has no stream yet.
    const waiting = topic.retryTimer !== undefined || topic.phase === 'docker_unavailable';
    if (topic.needsStart && !waiting) this.#start(topic);
    return subscriber;
  }

  #start(topic: LogTopic): void {
    this.#clearRetry(topic);
    if (!this.#deps.isOnline(topic.agentId)) {
      topic.needsStart = true;
      topic.setPhase('agent_offline');
      return;
    }
    const generation = ++topic.startGeneration;
    topic.needsStart = false;
    topic.setPhase('starting');
    // An answer to an older request (before a reconnect, a stop or a newer start) is ignored.
    const current = () => this.#topics.has(topic) && topic.startGeneration === generation;
    this.#deps
      .request(topic.agentId, 'log.stream.start', startRequest(topic, this.#deps.options.ringLines))
      .then(
        () => {
          if (current()) topic.setPhase('live');
        },
        (error: unknown) => {
          if (current()) this.#startFailed(topic, error);
        },
      );
  }

  #startFailed(topic: LogTopic, error: unknown): void {
    topic.needsStart = true;
    const failure = classifyStartFailure(error);
    switch (failure.kind) {
      case 'agent_offline':
        topic.setPhase('agent_offline');
        return;
      case 'docker_unavailable':
        topic.setPhase('docker_unavailable', failure.message);
        return;
      case 'final':
        topic.setPhase('ended', failure.message);
        this.#close(topic, failure.forgetCursor);
        return;
      default:
        topic.setPhase(topic.announced, failure.message);
        this.#retryLater(topic);
    }
  }

  #retryLater(topic: LogTopic): void {
    if (topic.retryTimer !== undefined) return;
    topic.retryTimer = this.#deps.clock.setTimeout(() => {
      topic.retryTimer = undefined;
      if (this.#topics.has(topic) && topic.needsStart && topic.subscribers.size > 0) this.#start(topic);
    }, this.#deps.options.streamRetryMs);
  }

  /**
   * Stops following: after the linger (`forget` false: the cursor is written now) or for good
   * (`forget` true: the cursor goes). Viewers still subscribed keep their subscription, and
   * what is queued for them, until they unsubscribe.
   */
  #close(topic: LogTopic, forget: boolean): void {
    if (!this.#topics.has(topic)) return;
    this.#forget(topic);
    const record = this.#cursorRecord(topic);
    if (forget) void this.#deps.cursors.delete(topic.agentId, topic.containerId);
    else if (record) void this.#deps.cursors.writeNow(record);
    if (topic.needsStart || !this.#deps.isOnline(topic.agentId)) return;
    const stop = { container: topic.containerId };
    this.#deps.request(topic.agentId, 'log.stream.stop', stop).catch((error: unknown) => {
      this.#deps.logger('debug', 'log.stream.stop failed', { ...stop, error: String(error) });
    });
  }

  #forget(topic: LogTopic): void {
    // What is pending goes to the viewers still subscribed, and the pacing timer stops.
    topic.flush();
    this.#topics.remove(topic);
    if (topic.lingerTimer !== undefined) this.#deps.clock.clearTimeout(topic.lingerTimer);
    topic.lingerTimer = undefined;
    this.#clearRetry(topic);
    topic.startGeneration += 1;
  }

  #clearRetry(topic: LogTopic): void {
    if (topic.retryTimer !== undefined) this.#deps.clock.clearTimeout(topic.retryTimer);
    topic.retryTimer = undefined;
  }

  #cursorRecord(topic: LogTopic): LogCursorRecord | undefined {
    const cursor = topic.cursor;
    if (!cursor) return undefined;
    const { agentId, containerId } = topic;
    return { agentId, containerId, ...cursor, updatedAt: this.#deps.clock.now() };
  }
}
