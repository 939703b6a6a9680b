import type { HubLogger } from '../logger.ts';
import type { Clock, TimerHandle } from '../ports/clock.ts';
import type { LogCursorRecord, LogCursorStore } from '../ports/store.ts';
import { topicKey } from './log-topic.ts';

/**
 * Persists stream cursors so a restarted manager resumes streams with the same numbering.
 * Writes are debounced (one batch per `flushMs` for the topics that moved) and run one at a
 * time in order, so a delete can never be overtaken by an older put. `dirty` holds at most one
 * record per live topic; `unconfirmed` holds what is being written, so a topic reopened in the
 * meantime reads its newest cursor rather than the store's older one. A batch the store refuses
 * (busy, disk full) goes back to `dirty` unless a newer record took its place, and is written
 * with the next batch: a failing store costs a warning, never a stream.
 */
export class CursorWriter {
  readonly #store: LogCursorStore;
  readonly #clock: Clock;
  readonly #flushMs: number;
  readonly #logger: HubLogger;
  #dirty = new Map<string, LogCursorRecord>();
  readonly #unconfirmed = new Map<string, LogCursorRecord | null>();
  #timer: TimerHandle | undefined;
  #chain: Promise<void> = Promise.resolve();
  // Warn once per run of failures, not once per batch while the store stays down.
  #failing = false;

  constructor(store: LogCursorStore, clock: Clock, flushMs: number, logger: HubLogger) {
    this.#store = store;
    this.#clock = clock;
    this.#flushMs = flushMs;
    this.#logger = logger;
  }

  /** Records a cursor to write with the next batch. */
  mark(record: LogCursorRecord): void {
    this.#dirty.set(topicKey(record.agentId, record.containerId), record);
    if (this.#timer === undefined)
      this.#timer = this.#clock.setTimeout(() => void this.flush(), this.#flushMs);
  }

  /** Writes one cursor now (a topic stopping), along with anything else pending. */
  writeNow(record: LogCursorRecord): Promise<void> {
    this.#dirty.set(topicKey(record.agentId, record.containerId), record);
    return this.flush();
  }

  async get(agentId: string, containerId: string): Promise<LogCursorRecord | undefined> {
    const key = topicKey(agentId, containerId);
    const pending = this.#dirty.get(key) ?? this.#unconfirmed.get(key);
    if (pending !== undefined) return pending ?? undefined;
    return this.#store.get(agentId, containerId);
  }

  /** The stream ended for good: its cursor is forgotten. */
  delete(agentId: string, containerId: string): Promise<void> {
    const key = topicKey(agentId, containerId);
    this.#dirty.delete(key);
    this.#unconfirmed.set(key, null);
    return this.#enqueue(async () => {
      try {
        await this.#store.deleteForContainer(agentId, containerId);
      } finally {
        if (this.#unconfirmed.get(key) === null) this.#unconfirmed.delete(key);
      }
    });
  }

  flush(): Promise<void> {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#dirty.size === 0) return this.#chain;
    const batch = this.#dirty;
    this.#dirty = new Map();
    for (const [key, record] of batch) this.#unconfirmed.set(key, record);
    return this.#enqueue(async () => {
      try {
        await this.#store.put([...batch.values()]);
      } catch (error) {
        for (const [key, record] of batch)
          if (!this.#dirty.has(key) && this.#unconfirmed.get(key) === record) this.#dirty.set(key, record);
        // A quiet stream marks nothing more: without this its refused cursor would wait for the
        // topic to stop.
        if (this.#timer === undefined && this.#dirty.size > 0)
          this.#timer = this.#clock.setTimeout(() => void this.flush(), this.#flushMs);
        throw error;
      } finally {
        for (const [key, record] of batch)
          if (this.#unconfirmed.get(key) === record) this.#unconfirmed.delete(key);
      }
    });
  }

  #enqueue(write: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(write).then(
      () => {
        if (this.#failing) this.#logger('info', 'log cursors written again');
        this.#failing = false;
      },
      (error: unknown) => {
        if (!this.#failing) this.#logger('warn', 'could not write log cursors', { error: String(error) });
        this.#failing = true;
      },
    );
    return this.#chain;
  }
}
