import type { DataOf, LogLine } from '@bosun/protocol';
import { dockerTimestampToSince, ProtocolError } from '@bosun/protocol';
import type Docker from 'dockerode';
import { toDockerProtocolError } from '../docker/docker-errors.ts';
import { openStoredLogs } from '../docker/stored-logs.ts';
import { ContainerLogPipeline } from '../logs/container-log-pipeline.ts';
import { immediateScheduler } from './immediate-scheduler.ts';

/** Concurrent one-shot reads: each holds a Docker connection and reads a whole log file. */
export const MAX_CONCURRENT_READS = 8;

/** Where a read's batches go: `log.read.batch` pushes on the link. */
export type ReadSink = {
  /** Sends one batch; resolves when the link can take more (backpressure). */
  send(readId: string, lines: LogLine[]): Promise<void>;
};

/**
 * One-shot reads of a container's stored logs (`bosun logs` without -f, or
 * `-n all`), through the same pipeline as live follows so the lines are the
 * same bytes. The Docker body is paused while the link is full, so a million
 * stored lines never sit in memory at once.
 *
 * Bound: MAX_CONCURRENT_READS at once; one more is refused with `limit_exceeded`.
 */
export class LogReads {
  readonly #docker: Docker;
  readonly #sink: ReadSink;
  #running = 0;

  constructor(docker: Docker, sink: ReadSink) {
    this.#docker = docker;
    this.#sink = sink;
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
    }
  }

  async #read(request: DataOf<'log.read'>): Promise<{ readId: string; lines: number }> {
    const info = await this.#docker.getContainer(request.container).inspect();
    const body = await openStoredLogs(this.#docker, info.Id, {
      tail: request.tail ?? 'all',
      ...(request.since ? { since: toSince(request.since) } : {}),
      ...(request.until ? { until: toSince(request.until) } : {}),
    });
    let lines = 0;
    // Never rejects: a failed send is kept in `failure` and tears the Docker body down, so the
    // read ends with that error instead of leaving a paused connection behind.
    let sending: Promise<void> = Promise.resolve();
    let failure: unknown;
    const pipeline = new ContainerLogPipeline({
      tty: info.Config.Tty,
      nextSeq: 0,
      scheduler: immediateScheduler,
      onEntries: (entries) => {
        const batch = entries.filter((e): e is LogLine => e.kind === 'line');
        if (batch.length === 0 || failure !== undefined) return;
        lines += batch.length;
        body.pause();
        sending = sending
          .then(() => (failure === undefined ? this.#sink.send(request.readId, batch) : undefined))
          .then(
            () => {
              if (failure === undefined) body.resume();
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
      throw failure ?? err;
    }
    pipeline.endOfStream();
    await sending;
    if (failure !== undefined) throw failure;
    return { readId: request.readId, lines };
  }
}

/** Docker takes Unix seconds with a fraction; RFC 3339 times are converted. */
function toSince(value: string): string {
  return /^\d+(\.\d+)?$/.test(value) ? value : dockerTimestampToSince(new Date(value).toISOString());
}
