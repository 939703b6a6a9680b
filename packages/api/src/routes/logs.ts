import type { ReadLogsOptions } from '@bosun/hub';
import { type LogReadRecord, logReadQuerySchema } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { resolveLogTime } from '../http/durations.ts';
import { toHttpError } from '../http/http-errors.ts';
import { readQuery } from '../http/request-input.ts';
import { byteQueueStrategy, cutResponse, queuedBytes } from '../http/response-stream.ts';

const encoder = new TextEncoder();

/**
 * GET /api/logs: a container's stored logs (what `docker logs` would print), read by its agent,
 * as NDJSON: one protocol LogLine per line, in order. An error before the first line is a JSON
 * error with its status; one after the stream has begun is a last line `{"error":{…}}`, since
 * the status is already sent.
 */
export function logRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock, limits, streams } = deps;

  app.get('/api/logs', authenticated(deps), async (c) => {
    const query = readQuery(c, logReadQuerySchema);
    const now = clock.now();
    const options: ReadLogsOptions = { tail: query.tail };
    if (query.since !== undefined) options.since = resolveLogTime(query.since, 'since', now);
    if (query.until !== undefined) options.until = resolveLogTime(query.until, 'until', now);

    let controller!: ReadableStreamDefaultController<Uint8Array>;
    // Closed: the client left, fell too far behind, or the manager is stopping. The agent's read
    // runs to its end regardless (the hub has no way to cancel it); its lines are dropped here.
    let closed = false;
    const body = new ReadableStream<Uint8Array>(
      {
        start: (ctrl) => {
          controller = ctrl;
        },
        cancel: () => {
          close();
        },
      },
      byteQueueStrategy(),
    );
    const unregister = streams.add(() => {
      if (close()) controller.close();
    });
    function close(): boolean {
      if (closed) return false;
      closed = true;
      unregister();
      return true;
    }

    let firstLines: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      firstLines = resolve;
    });
    const done = hub.readLogs(query.agent, query.container, options, (entries) => {
      if (closed) return;
      let text = '';
      for (const line of entries) text += `${JSON.stringify(line satisfies LogReadRecord)}\n`;
      controller.enqueue(encoder.encode(text));
      firstLines();
      if (queuedBytes(controller) > limits.logReadMaxBufferedBytes) {
        deps.logger.info({ path: c.req.path }, 'log read client fell behind; response cut');
        if (close()) cutResponse(c, controller);
      }
    });
    try {
      await Promise.race([started, done]);
    } catch (error) {
      close();
      throw error;
    }
    done.then(
      () => {
        if (close()) controller.close();
      },
      (error: unknown) => {
        if (!close()) return;
        controller.enqueue(
          encoder.encode(`${JSON.stringify(toHttpError(error).body satisfies LogReadRecord)}\n`),
        );
        controller.close();
      },
    );
    return new Response(body, {
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });

  return app;
}
