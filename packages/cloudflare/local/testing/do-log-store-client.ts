import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
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
import { errorCodeSchema, type LogEntry, ProtocolError, type ResumeCursor } from '@bosun/protocol';
import type { HostAnswer, HostCall } from './do-log-store-host.ts';
import type { RpcAnswer } from './rpc-answer.ts';

// Starting workerd and bundling the worker take seconds on a busy machine; one call far less.
const START_DEADLINE_MS = 60_000;
const CALL_DEADLINE_MS = 60_000;

/**
 * Durable Objects of workerd (local, through Miniflare) holding log stores, reached from a test's
 * thread. The port's `append` answers synchronously, so every call blocks this thread until the
 * object answered: Miniflare runs in a worker thread, and this one waits on a shared flag.
 */
export class DoLogStoreHost {
  readonly #worker: Worker;
  readonly #port: MessagePort;
  readonly #signal = new Int32Array(new SharedArrayBuffer(4));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    this.#worker = new Worker(new URL('./do-log-store-host.ts', import.meta.url), {
      workerData: { port: port2, signal: this.#signal },
      transferList: [port2],
    });
    this.#await(START_DEADLINE_MS, 'starting workerd');
  }

  /** Opens the empty store of a new object named `name`. */
  open(name: string, retention: LogRetention, queueBytes: number | undefined): LogStore {
    this.call(name, 'open', [retention, queueBytes]);
    return new DoLogStoreClient(this, name);
  }

  /** Calls the store's `method` in object `name` and waits for its answer. */
  call(name: string, method: string, args: unknown[]): unknown {
    Atomics.store(this.#signal, 0, 0);
    this.#port.postMessage({ name, method, args } satisfies HostCall);
    return this.#await(CALL_DEADLINE_MS, method);
  }

  async dispose(): Promise<void> {
    this.#port.postMessage('dispose');
    await new Promise((resolve) => this.#worker.once('exit', resolve));
  }

  #await(deadlineMs: number, what: string): unknown {
    if (Atomics.wait(this.#signal, 0, 0, deadlineMs) === 'timed-out') {
      throw new Error(`no answer from workerd within ${deadlineMs} ms (${what})`);
    }
    const answer = receiveMessageOnPort(this.#port)?.message as HostAnswer | undefined;
    if (answer === undefined) throw new Error(`workerd woke without an answer (${what})`);
    if (!answer.ok) throw new Error(answer.message);
    return answer.value;
  }
}

// Results cross the thread boundary by structured clone: plain data, as the port's types say.
class DoLogStoreClient implements LogStore {
  readonly #host: DoLogStoreHost;
  readonly #name: string;

  constructor(host: DoLogStoreHost, name: string) {
    this.#host = host;
    this.#name = name;
  }

  append(stream: LogStreamMeta, entries: readonly LogEntry[]): LogAppendOutcome {
    return this.#call('append', stream, entries) as LogAppendOutcome;
  }

  async flush(): Promise<void> {
    this.#answer('flush');
  }

  async resumeCursor(key: LogStreamKey): Promise<ResumeCursor | undefined> {
    return this.#answer('resumeCursor', key) as ResumeCursor | undefined;
  }

  async read(query: LogReadQuery): Promise<LogReadPage> {
    return this.#answer('read', query) as LogReadPage;
  }

  async search(query: LogSearchQuery): Promise<LogSearchResult> {
    return this.#answer('search', query) as LogSearchResult;
  }

  async streams(): Promise<StoredLogStream[]> {
    return this.#answer('streams') as StoredLogStream[];
  }

  async stats(): Promise<LogStoreStats> {
    return this.#answer('stats') as LogStoreStats;
  }

  retention(): LogRetention {
    return this.#call('retention') as LogRetention;
  }

  setRetention(retention: LogRetention): void {
    this.#call('setRetention', retention);
  }

  async close(): Promise<void> {
    this.#answer('close');
  }

  #call(method: string, ...args: unknown[]): unknown {
    return this.#host.call(this.#name, method, args);
  }

  // The object's async methods answer `RpcAnswer`: an error comes back as a ProtocolError again.
  #answer(method: string, ...args: unknown[]): unknown {
    const answer = this.#call(method, ...args) as RpcAnswer<unknown>;
    if (answer.ok) return answer.value;
    const code = errorCodeSchema.safeParse(answer.code);
    throw code.success ? new ProtocolError(code.data, answer.message) : new Error(answer.message);
  }
}
