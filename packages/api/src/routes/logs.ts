import type { LogRead, ReadLogsEntries, ReadLogsOptions } from '@bosun/hub';
import { type LogReadRecord, logReadBatchBytes, logReadQuerySchema } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { resolveLogTime } from '../http/durations.ts';
import { toHttpError } from '../http/http-errors.ts';
import { readQuery } from '../http/request-input.ts';
import { byteQueueStrategy, queuedBytes } from '../http/response-stream.ts';

const encoder = new TextEncoder();

/**
 * GET /api/logs: a container's stored logs (what `docker logs` would print), read by its agent,
 * as NDJSON: one protocol LogLine per line, in order. An error before the first line is a JSON
 * error with its status; one after the stream has begun is a last line `{"error":{…}}`, since
 * the status is already sent.
 *
 * The read goes at the client's pace: a batch is credited back to the agent (see the hub's
 * `LogRead`) only once the client has taken it from the response, so a client that does not
 * read holds at most the read's window plus the response queue, and is never cut. A client that
 * goes away cancels the agent's read.
 */
export function logRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock, streams } = deps;

  app.get('/api/logs', authenticated(deps), async (c) => {
    const query = readQuery(c, logReadQuerySchema);
    const now = clock.now();
    const options: ReadLogsOptions = { tail: query.tail, user: c.get('auth').principal.userId };
    if (query.since !== undefined) options.since = resolveLogTime(query.since, 'since', now);
    if (query.until !== undefined) options.until = resolveLogTime(query.until, 'until', now);

    const flow = new ResponseFlow();
    let firstLines: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      firstLines = resolve;
    });
    const read = await hub.readLogs(query.agent, query.container, options, (entries) => {
      flow.enqueue(entries);
      firstLines();
    });
    flow.attach(read);
    const unregister = streams.add(() => flow.end());
    try {
      await Promise.race([started, read.done]);
    } catch (error) {
      unregister();
      flow.abandon();
      throw error;
    }
    read.done.then(
      () => flow.end(),
      (error: unknown) => flow.end(`${JSON.stringify(toHttpError(error).body satisfies LogReadRecord)}\n`),
    );
    read.done.finally(unregister).catch(() => {});
    return new Response(flow.body, {
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });

  return app;
}

/**
 * One read's response body, and the credit that follows it: batches are enqueued as they come
 * (the agent sends no more than its window ahead), and each batch's cost is credited back to
 * the read once the client has pulled its bytes out of the queue.
 */
class ResponseFlow {
  readonly body: ReadableStream<Uint8Array>;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #read: LogRead | undefined;
  // Batches enqueued and not yet credited: where each ends in the body, and what it cost.
  readonly #uncredited: Array<{ end: number; cost: number }> = [];
  #enqueued = 0;
  #closed = false;

  constructor() {
    this.body = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
        },
        // Called as the client takes bytes and the queue is below its high-water mark.
        pull: () => this.#creditTaken(),
        cancel: () => this.abandon(),
      },
      byteQueueStrategy(),
    );
  }

  attach(read: LogRead): void {
    this.#read = read;
  }

  enqueue(entries: ReadLogsEntries): void {
    if (this.#closed) return;
    let text = '';
    for (const line of entries) text += `${JSON.stringify(line satisfies LogReadRecord)}\n`;
    const bytes = encoder.encode(text);
    this.#enqueued += bytes.byteLength;
    this.#uncredited.push({ end: this.#enqueued, cost: logReadBatchBytes(entries) });
    this.#controller.enqueue(bytes);
    // A client already waiting took it at once.
    this.#creditTaken();
  }

  /** The read ended: the body ends too, after `lastLine` when given. */
  end(lastLine?: string): void {
    if (this.#closed) return;
    this.#closed = true;
    if (lastLine !== undefined) this.#controller.enqueue(encoder.encode(lastLine));
    this.#controller.close();
    this.#read?.cancel();
  }

  /** The client went away, or the response never started: the agent stops reading. */
  abandon(): void {
    this.#closed = true;
    this.#read?.cancel();
  }

  #creditTaken(): void {
    const taken = this.#enqueued - queuedBytes(this.#controller);
    let cost = 0;
    while (this.#uncredited.length > 0 && this.#uncredited[0]!.end <= taken)
      cost += this.#uncredited.shift()!.cost;
    if (cost > 0) this.#read?.credit(cost);
  }
}
