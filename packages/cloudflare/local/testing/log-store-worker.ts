import { DurableObject } from 'cloudflare:workers';
import type {
  LogAppendOutcome,
  LogReadPage,
  LogReadQuery,
  LogRetention,
  LogSearchQuery,
  LogSearchResult,
  LogStore,
  LogStoreStats,
  LogStreamKey,
  LogStreamMeta,
  StoredLogStream,
} from '@bosun/hub';
import type { WriterTimer } from '@bosun/log-store-sql';
import { type LogEntry, ProtocolError, type ResumeCursor } from '@bosun/protocol';
import { openDoLogStore } from '../../src/log-store/index.ts';
import type { RpcAnswer } from './rpc-answer.ts';

/**
 * A test worker whose Durable Object holds one `openDoLogStore` in its own SQLite storage and
 * offers the store's methods over RPC, one object per store a test opens. The test calls
 * `append` back to back and reads the queue between, as a synchronous caller does on Node, but
 * each call is a round trip in which workerd would run the writer's timer: so its timer never
 * fires here, and the writer runs in `flush` (and `close`), which drain the queue themselves.
 */
export class LogStoreObject extends DurableObject {
  #store: LogStore | undefined;

  open(retention: LogRetention, queueBytes: number | undefined): void {
    const timer: WriterTimer = { set: () => 'never', clear() {} };
    this.#store = openDoLogStore(this.ctx.storage.sql, this.ctx.storage, retention, {
      timer,
      ...(queueBytes === undefined ? {} : { queueBytes }),
    });
  }

  append(stream: LogStreamMeta, entries: LogEntry[]): LogAppendOutcome {
    return this.#opened().append(stream, entries);
  }

  flush(): Promise<RpcAnswer<void>> {
    return answer(() => this.#opened().flush());
  }

  resumeCursor(key: LogStreamKey): Promise<RpcAnswer<ResumeCursor | undefined>> {
    return answer(() => this.#opened().resumeCursor(key));
  }

  read(query: LogReadQuery): Promise<RpcAnswer<LogReadPage>> {
    return answer(() => this.#opened().read(query));
  }

  search(query: LogSearchQuery): Promise<RpcAnswer<LogSearchResult>> {
    return answer(() => this.#opened().search(query));
  }

  streams(): Promise<RpcAnswer<StoredLogStream[]>> {
    return answer(() => this.#opened().streams());
  }

  stats(): Promise<RpcAnswer<LogStoreStats>> {
    return answer(() => this.#opened().stats());
  }

  retention(): LogRetention {
    return this.#opened().retention();
  }

  setRetention(retention: LogRetention): void {
    this.#opened().setRetention(retention);
  }

  close(): Promise<RpcAnswer<void>> {
    return answer(() => this.#opened().close());
  }

  #opened(): LogStore {
    if (this.#store === undefined) throw new Error('the log store was not opened');
    return this.#store;
  }
}

async function answer<T>(call: () => Promise<T>): Promise<RpcAnswer<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    return {
      ok: false,
      code: err instanceof ProtocolError ? err.code : null,
      message: err instanceof Error ? err.message : String(err),
    };
  }
}

export default {
  fetch: () => new Response('the log store test worker answers over RPC only', { status: 404 }),
};
