import { canSeeEvent, type TimerHandle } from '@bosun/hub';
import { type FleetEvent, KeyedSlots, ProtocolError } from '@bosun/protocol';
import { Hono } from 'hono';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { byteQueueStrategy, cutResponse, queuedBytes } from '../http/response-stream.ts';

const encoder = new TextEncoder();

/**
 * GET /api/events: fleet changes as Server-Sent Events, one `data:` JSON per event, so the UI
 * never polls. Per client, at most `eventStreamMaxBufferedBytes` may wait for a slow reader;
 * past that the connection is dropped and the UI reconnects and refetches, which is cheaper
 * than holding an unbounded backlog it would have to replay anyway. At most
 * `maxEventStreamsPerUser` streams per user and `maxEventStreams` in all; past either, 429.
 *
 * Each stream carries only the events of hosts its user may see, a host's removal included, as
 * the user's rights stand now: they are read again with the credentials (at each ping and at
 * once on a role or grant change), and a host granted later starts sending from then on.
 */
export function eventRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { hub, clock, limits, streams } = deps;
  const slots = new KeyedSlots(limits.maxEventStreamsPerUser, limits.maxEventStreams);

  app.get('/api/events', authenticated(deps), (c) => {
    const release = slots.tryAcquire(c.get('auth').principal.userId);
    if (!release) {
      throw new ProtocolError(
        'limit_exceeded',
        slots.full
          ? 'too many event streams open; try again later'
          : `at most ${limits.maxEventStreamsPerUser} event streams at once per user; close some first`,
      );
    }
    const credentials = { authorization: c.req.header('authorization'), cookie: c.req.header('cookie') };
    let principal = c.get('auth').principal;
    let stop: (() => void) | undefined;
    const body = new ReadableStream<Uint8Array>(
      {
        start(controller) {
          let closed = false;
          const cleanup = () => {
            if (closed) return false;
            closed = true;
            release();
            unsubscribe();
            unwatch();
            clock.clearTimeout(ping);
            unregister();
            return true;
          };
          const end = () => {
            if (cleanup()) controller.close();
          };
          const drop = () => {
            if (cleanup()) cutResponse(c, controller);
          };
          const send = (text: string) => {
            if (closed) return;
            controller.enqueue(encoder.encode(text));
            if (queuedBytes(controller) > limits.eventStreamMaxBufferedBytes) {
              deps.logger.info({ path: c.req.path }, 'event stream client fell behind; dropped');
              drop();
            }
          };
          const unsubscribe = hub.subscribeFleet((event: FleetEvent) => {
            if (canSeeEvent(principal, event)) send(`data: ${JSON.stringify(event)}\n\n`);
          });
          // A logout, an expired session or a deleted user ends the stream: the credentials are
          // checked again at each ping (which also keeps proxies from timing the stream out),
          // and at once when any credential is withdrawn.
          const recheck = () =>
            deps.authenticator.authenticate(credentials).then(
              (auth) => {
                if (!auth || auth.principal.userId !== principal.userId) end();
                else principal = auth.principal;
              },
              () => end(),
            );
          const unwatch = deps.credentialChanges.subscribe(() => void recheck());
          // On the hub's clock, which tests drive; each ping arms the next.
          const pingLater = (): TimerHandle =>
            clock.setTimeout(() => {
              send(': ping\n\n');
              void recheck();
              if (!closed) ping = pingLater();
            }, limits.eventStreamPingMs);
          let ping = pingLater();
          const unregister = streams.add(end);
          stop = () => cleanup();
          // Headers go out with the first chunk; the retry hint paces reconnects.
          send('retry: 3000\n: connected\n\n');
        },
        cancel() {
          stop?.();
        },
      },
      byteQueueStrategy(),
    );
    return new Response(body, {
      headers: {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        // Reverse proxies (nginx) would otherwise buffer the stream.
        'X-Accel-Buffering': 'no',
      },
    });
  });

  return app;
}
