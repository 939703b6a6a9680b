import type { ReadLogsOptions } from '@bosun/hub';
import type { LogLine } from '@bosun/protocol';
import { Hono } from 'hono';
import { z } from 'zod';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { resolveLogTime } from '../http/durations.ts';
import { toHttpError } from '../http/http-errors.ts';
import { readQuery } from '../http/request-input.ts';
import { byteQueueStrategy, cutResponse, queuedBytes } from '../http/response-stream.ts';
import { agentRefSchema, containerRefParamSchema } from '../http/schemas.ts';

const querySchema = z.object({
  agent: agentRefSchema,
  container: containerRefParamSchema,
  tail: z
    .union([
      z.literal('all'),
      z
        .string()
        .regex(/^\d{1,9}$/, 'expected a number or "all"')
        .transform(Number),
    ])
    .default('all'),
  since: z.string().max(64).optional(),
  until: z.string().max(64).optional(),
  // Every line carries its Docker timestamp; the flag is the client's, for how it prints them.
  timestamps: z.enum(['true', 'false', '1', '0']).optional(),
});

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
    const query = readQuery(c, querySchema);
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
      for (const line of entries as LogLine[]) text += `${JSON.stringify(line)}\n`;
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
        controller.enqueue(encoder.encode(`${JSON.stringify(toHttpError(error).body)}\n`));
        controller.close();
      },
    );
    return new Response(body, {
      headers: { 'Content-Type': 'application/x-ndjson; charset=utf-8', 'Cache-Control': 'no-store' },
    });
  });

  return app;
}
