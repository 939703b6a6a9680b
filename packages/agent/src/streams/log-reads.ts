import type { DataOf, LogLine } from '@bosun/protocol';
import { dockerTimestampToSince, logReadBatchBytes, ProtocolError } from '@bosun/protocol';
import type Docker from 'dockerode';
import { toDockerProtocolError } from '../docker/docker-errors.ts';
import { openLogs } from '../docker/stored-logs.ts';
import { ContainerLogPipeline } from '../logs/container-log-pipeline.ts';
import { immediateScheduler } from './immediate-scheduler.ts';

/** Concurrent one-shot reads: each holds a Docker connection and reads a whole log file. */
export const MAX_CONCURRENT_READS = 8;

/** Where a read's batches go: `log.read.batch` pushes on the link. */
export type ReadSink = {
  /** Sends one batch; resolves when the link can take more (backpressure). */
  send(readId: string, lines: LogLine[]): Promise<void>;
};

/** Where reads say what happened to them (the agent's log). */
export type ReadLog = (level: 'info', msg: string, fields: Record<string, unknown>) => void;

// One running read, as `credit` and `cancel` reach it.
type OpenRead = {
  /** Bytes of line text it may still send; Infinity when the manager gave no window. */
  credit: number;
  cancelled: boolean;
  /** Wakes a send waiting for credit (or for the cancel that ends it). */
  wake: () => void;
  /** The Docker body, once Docker answered. */
  body?: { destroy(error?: Error): void };
};

const cancelledError = () => new Error('the manager cancelled the read');

/**
 * One-shot reads of a container's stored logs (`bosun logs` without -f, or
 * `-n all`), through the same pipeline as live follows so the lines are the
 * same bytes. The Docker body is paused while the link is full and while the
 * read has no credit left of the window the manager gave it (`log.read.credit`
 * refills it), so a million stored lines never sit in memory at once: at most
 * one Docker chunk's batches wait here, and a batch overruns the credit by at
 * most itself. `log.read.cancel` destroys the Docker body and answers the read
 * at once with the lines sent.
 *
 * Bound: MAX_CONCURRENT_READS at once; one more is refused with `limit_exceeded`.
 */
export class LogReads {
  readonly #docker: Docker;
  readonly #sink: ReadSink;
  readonly #log: ReadLog;
  readonly #open = new Map<string, OpenRead>();
  #running = 0;

  constructor(docker: Docker, sink: ReadSink, log: ReadLog = () => {}) {
    this.#docker = docker;
    this.#sink = sink;
    this.#log = log;
  }

  /** Reads running now. */
  get running(): number {
    return this.#running;
  }

  /** Sends the stored lines asked for in batches, then answers how many there were. */
  async read(request: DataOf<'log.read'>): Promise<{ readId: string; lines: number }> {
    if (this.#running >= MAX_CONCURRENT_READS) {
      throw new ProtocolError('limit_exceeded', `at most ${MAX_CONCURRENT_READS} log reads at once`);
    }
    this.#running++;
    try {
      return await this.#read(request);
    } catch (err) {
      throw toDockerProtocolError(err, request.container);
    } finally {
      this.#running--;
      this.#open.delete(request.readId);
    }
  }

  /** The manager's consumer took `bytes` of this read: that many more may be sent. */
  credit(readId: string, bytes: number): void {
    const read = this.#open.get(readId);
    if (!read) return;
    read.credit += bytes;
    read.wake();
  }

  /** The read's consumer is gone: stop reading Docker now. Unknown reads (ended) are ignored. */
  cancel(readId: string): void {
    this.#stop(readId, {});
  }

  /**
   * The link went down: no credit can come for any read (a new connection knows none of them),
   * so each stops now rather than wait, paused, for ever.
   */
  cancelAll(): void {
    for (const readId of [...this.#open.keys()]) this.#stop(readId, { reason: 'the link went down' });
  }

  #stop(readId: string, fields: Record<string, unknown>): void {
    const read = this.#open.get(readId);
    if (!read || read.cancelled) return;
    read.cancelled = true;
    this.#log('info', 'log read cancelled', { readId, ...fields });
    read.body?.destroy(cancelledError());
    read.wake();
  }

  async #read(request: DataOf<'log.read'>): Promise<{ readId: string; lines: number }> {
    const read: OpenRead = {
      credit: request.window ?? Number.POSITIVE_INFINITY,
      cancelled: false,
      wake: () => {},
    };
    this.#open.set(request.readId, read);
    const info = await this.#docker.getContainer(request.container).inspect();
    const body = await openLogs(this.#docker, info.Id, {
      tail: request.tail ?? 'all',
      ...(request.since ? { since: toSince(request.since) } : {}),
      ...(request.until ? { until: toSince(request.until) } : {}),
    });
    read.body = body;
    // Cancelled while Docker was being asked.
    if (read.cancelled) {
      body.destroy();
      return { readId: request.readId, lines: 0 };
    }
    let lines = 0;
    // Never rejects: a failed send is kept in `failure` and tears the Docker body down, so the
    // read ends with that error instead of leaving a paused connection behind.
    let sending: Promise<void> = Promise.resolve();
    let failure: unknown;
    const sendBatch = async (batch: LogLine[]): Promise<void> => {
      await this.#creditFor(read);
      if (failure !== undefined || read.cancelled) return;
      read.credit -= logReadBatchBytes(batch);
      lines += batch.length;
      await this.#sink.send(request.readId, batch);
    };
    const pipeline = new ContainerLogPipeline({
      tty: info.Config.Tty,
      nextSeq: 0,
      scheduler: immediateScheduler,
      onEntries: (entries) => {
        const batch = entries.filter((e): e is LogLine => e.kind === 'line');
        if (batch.length === 0 || failure !== undefined || read.cancelled) return;
        body.pause();
        sending = sending
          .then(() => sendBatch(batch))
          .then(
            () => {
              if (failure === undefined && !read.cancelled) body.resume();
            },
            (err: unknown) => {
              failure = err;
              body.destroy(err instanceof Error ? err : new Error(String(err)));
            },
          );
      },
    });
    try {
      await new Promise<void>((resolve, reject) => {
        body.on('data', (chunk: Buffer) => pipeline.push(chunk));
        body.once('end', () => resolve());
        body.once('error', reject);
      });
    } catch (err) {
      await sending;
      if (read.cancelled && failure === undefined) return { readId: request.readId, lines };
      throw failure ?? err;
    }
    if (!read.cancelled) pipeline.endOfStream();
    await sending;
    if (failure !== undefined) throw failure;
    return { readId: request.readId, lines };
  }

  // Resolves once the read may send (credit left) or must stop (cancelled).
  #creditFor(read: OpenRead): Promise<void> {
    if (read.credit > 0 || read.cancelled) return Promise.resolve();
    return new Promise((resolve) => {
      read.wake = () => {
        if (read.credit <= 0 && !read.cancelled) return;
        read.wake = () => {};
        resolve();
      };
    });
  }
}

/** Docker takes Unix seconds with a fraction; RFC 3339 times are converted. */
function toSince(value: string): string {
  return /^\d+(\.\d+)?$/.test(value) ? value : dockerTimestampToSince(new Date(value).toISOString());
}
