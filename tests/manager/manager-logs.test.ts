import { type LogEntry, type LogLine, MAX_FRAME_BYTES } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  type RunningContainer,
  runContainer,
  waitFor,
  waitForExit,
} from '../kit/index.ts';
import { type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { ApiClient, openLogsSocket, openViewer, type ViewerSocket } from '../kit/test-manager.ts';

// Logs through the manager: the /ws/logs viewer socket (auth at upgrade, bad frames, history
// then live), /api/logs (stored logs as NDJSON) and /api/events (fleet changes as SSE).

const engine = engineFromEnv();
let bed: ManagerWithAgent;
let admin: ApiClient;

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'logs-host');
  admin = bed.admin;
});

afterAll(async () => {
  await bed?.cleanup();
});

function known(c: RunningContainer): Promise<void> {
  return admin.waitForContainer({ id: c.id });
}

function open(headers: Record<string, string>): Promise<ViewerSocket> {
  return openViewer(bed.url, headers);
}

describe('/ws/logs upgrade', () => {
  it('refuses a cookie upgrade from another origin with 403, before the handshake', async () => {
    const result = await openLogsSocket(bed.url, {
      ...admin.headersForSocket(),
      origin: 'http://evil.example',
    });
    expect(result).toMatchObject({ status: 403 });
    expect(JSON.parse((result as { body: string }).body)).toMatchObject({ error: { code: 'forbidden' } });
    const noOrigin = await openLogsSocket(bed.url, { cookie: admin.cookie! });
    expect(noOrigin).toMatchObject({ status: 403 });
  });

  it('refuses an upgrade without credentials with 401', async () => {
    expect(await openLogsSocket(bed.url, { origin: bed.url })).toMatchObject({ status: 401 });
    expect(await openLogsSocket(bed.url, { authorization: 'Bearer bsn_nope' })).toMatchObject({
      status: 401,
    });
  });

  it('accepts the session cookie with our Origin, and a bearer token without one', async () => {
    const byCookie = await open(admin.headersForSocket());
    byCookie.close();
    const { token } = await admin.ok('POST', '/api/api-tokens', { name: 'logs' });
    const byToken = await open({ authorization: `Bearer ${token}` });
    byToken.close();
  });

  it('answers unknown socket paths with 404', async () => {
    const { default: WebSocket } = await import('ws');
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${bed.url.replace('http', 'ws')}/ws/nothing`);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('opened')));
    });
    expect(status).toBe(404);
  });
});

describe('/ws/logs frames', () => {
  it('a malformed frame and an oversize frame get error frames, and the socket lives on', async () => {
    const viewer = await open(admin.headersForSocket());
    try {
      viewer.ws.send('{not json');
      await waitFor(() => viewer.errors().length >= 1, {
        timeoutMs: 5000,
        what: 'an error for the malformed frame',
      });
      expect(viewer.errors()[0]).toMatchObject({ code: 'bad_json' });

      viewer.ws.send(`{"subject":"logs.subscribe","data":"${'x'.repeat(MAX_FRAME_BYTES)}"}`);
      await waitFor(() => viewer.errors().length >= 2, {
        timeoutMs: 10_000,
        what: 'an error for the oversize frame',
      });
      expect(viewer.errors()[1]).toMatchObject({ code: 'too_large' });

      // Still served: a request gets its (error) reply.
      const reply = await viewer.request('logs.unsubscribe', { sub: 'none' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(viewer.closed).toBeUndefined();
    } finally {
      viewer.close();
    }
  });
});

describe('log content', () => {
  it('a viewer gets history then live lines, equal to docker logs', async () => {
    const c = await runContainer(engine, {
      name: 'live',
      cmd: [
        'sh',
        '-c',
        'for i in $(seq 1 40); do echo "line $i"; echo "err $i" >&2; sleep 0.05; done; exec sleep 3600',
      ],
    });
    await known(c);
    // Some lines exist before subscribing (history), the rest arrive live.
    await waitFor(
      async () => (await dockerLogs(engine, c.id, { stdout: true, stderr: false })).stdout.length > 30,
      {
        timeoutMs: 10_000,
        what: 'the first lines',
      },
    );
    const viewer = await open(admin.headersForSocket());
    try {
      const reply = await viewer.request('logs.subscribe', {
        sub: 's1',
        agent: 'logs-host',
        container: c.name,
      });
      expect(reply).toMatchObject({ ok: true, result: { sub: 's1', container: c.id } });
      const entries = (): LogEntry[] =>
        viewer.frames
          .filter((f) => f.subject === 'logs.history' || f.subject === 'logs.batch')
          .flatMap((f) => (f.data as { entries: LogEntry[] }).entries);
      await waitFor(() => entries().filter((e) => e.kind === 'line').length >= 80, {
        timeoutMs: 20_000,
        what: 'all 80 lines over the socket',
      });
      const subjects = viewer.frames.map((f) => f.subject).filter((s) => s.startsWith('logs.'));
      const lastHistory = subjects.lastIndexOf('logs.history');
      expect(lastHistory).toBeGreaterThanOrEqual(0);
      expect(subjects.indexOf('logs.batch')).toBeGreaterThan(lastHistory);
      const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
      const got = entriesToStreams(entries());
      expect(got.stdout.toString()).toBe(expected.stdout.toString());
      expect(got.stderr.toString()).toBe(expected.stderr.toString());
    } finally {
      viewer.close();
    }
  });

  it('/api/logs streams stored lines as NDJSON, equal to docker logs, with tail', async () => {
    const c = await runContainer(engine, {
      name: 'stored',
      cmd: ['sh', '-c', 'for i in $(seq 1 300); do echo "stored $i"; done; echo oops >&2'],
    });
    expect(await waitForExit(engine, c.id)).toBe(0);
    await known(c);
    const response = await admin.fetch('GET', `/api/logs?agent=logs-host&container=${c.name}&tail=all`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const lines = (await response.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    const got = entriesToStreams(lines);
    expect(got.stdout.equals(expected.stdout)).toBe(true);
    expect(got.stderr.equals(expected.stderr)).toBe(true);

    const tail = await admin.fetch('GET', `/api/logs?agent=logs-host&container=${c.name}&tail=2&since=1h`);
    const tailLines = (await tail.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as LogLine);
    // The last two lines of the full read (Docker orders the two streams by arrival).
    expect(tailLines.map((l) => l.text)).toEqual(lines.slice(-2).map((l) => l.text));
  });

  it('/api/logs errors before any line are JSON errors with their status', async () => {
    const unknownAgent = await admin.call('GET', '/api/logs?agent=nobody&container=x');
    expect(unknownAgent).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    const badSince = await admin.call('GET', '/api/logs?agent=logs-host&container=x&since=yesterday');
    expect(badSince).toMatchObject({ status: 400, body: { error: { code: 'invalid_data' } } });
    expect((await new ApiClient(bed.url).call('GET', '/api/logs?agent=logs-host&container=x')).status).toBe(
      401,
    );
  });
});

describe('/api/events', () => {
  it('delivers a container.upserted when a container is stopped', async () => {
    const c = await runContainer(engine, {
      name: 'evented',
      cmd: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 0.2; done'],
    });
    await known(c);
    const controller = new AbortController();
    const response = await fetch(`${bed.url}/api/events`, {
      headers: { cookie: admin.cookie! },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events: Array<{ type: string; container?: { id: string; state: string } }> = [];
    const reading = (async () => {
      const decoder = new TextDecoder();
      let pending = '';
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, { stream: true });
        let end = pending.indexOf('\n\n');
        while (end >= 0) {
          for (const line of pending.slice(0, end).split('\n')) {
            if (line.startsWith('data: ')) events.push(JSON.parse(line.slice(6)));
          }
          pending = pending.slice(end + 2);
          end = pending.indexOf('\n\n');
        }
      }
    })().catch(() => {});
    try {
      await admin.ok('POST', `/api/agents/logs-host/containers/${c.name}/stop`);
      await waitFor(
        () =>
          events.some(
            (e) =>
              e.type === 'container.upserted' && e.container?.id === c.id && e.container.state === 'exited',
          ),
        { timeoutMs: 10_000, what: 'a container.upserted event for the stopped container' },
      );
    } finally {
      controller.abort();
      await reading;
    }
  });
});
