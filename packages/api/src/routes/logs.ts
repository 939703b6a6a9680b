import type { ReadLogsOptions } from '@bosun/hub';
import { type LogReadRecord, logReadQuerySchema } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { resolveLogTime } from '../http/durations.ts';
import { toHttpError } from '../http/http-errors.ts';
import { LogReadBody } from '../http/log-read-body.ts';
import { readQuery } from '../http/request-input.ts';

/**
 * GET /api/logs: a container's stored logs (what `docker logs` would print), read by its agent,
 * as NDJSON: one protocol LogLine per line, in order (with `format=packed`, one record per batch). An error before the first line is a JSON
 * error with its status; one after the stream has begun is a last line `{"error":{…}}`, since
 * the status is already sent.
 *
 * The read goes at the client's pace: a batch is credited back to the agent (see the hub's
 * `LogRead`) only once the client has taken it from the response, so a client that does not
 * read holds at most the read's window plus the response queue, and is never cut (but for reads
 * from agents of protocol 1, which cannot be paused). A client that goes away cancels the
 * agent's read.
 */
export function logRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock, limits, streams } = deps;

  app.get('/api/logs', authenticated(deps), async (c) => {
    const query = readQuery(c, logReadQuerySchema);
    const now = clock.now();
    const { principal } = c.get('auth');
    const options: ReadLogsOptions = { tail: query.tail, user: principal.userId };
    if (query.since !== undefined) options.since = resolveLogTime(query.since, 'since', now);
    if (query.until !== undefined) options.until = resolveLogTime(query.until, 'until', now);

    // An agent of protocol 1 cannot be paused: past the bound its reader is cut, as it always was.
    const flow = new LogReadBody(
      limits.logReadMaxBufferedBytes,
      () => {
        deps.logger.info({ path: c.req.path }, 'log read client fell behind; response cut');
        flow.cut(c);
      },
      query.format === 'packed',
    );
    let firstLines: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      firstLines = resolve;
    });
    // An agent the user may not see is not found, as an unknown one is.
    const read = await hub.readLogs(
      query.agent,
      query.container,
      options,
      (entries) => {
        flow.enqueue(entries);
        firstLines();
      },
      principal,
    );
    flow.attach(read);
    // A client that leaves before the first batch has no body to cancel yet.
    c.req.raw.signal.addEventListener('abort', () => flow.abandon(), { once: true });
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
