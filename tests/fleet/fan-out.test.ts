import type { Frame, LogEntry } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  runContainer,
  waitFor,
  waitForDockerLog,
  waitForExit,
} from '../kit/index.ts';
import { type ManagerWithAgent, startManagerWithAgent } from '../kit/manager-with-agent.ts';
import { type ApiClient, openViewer, type ViewerSocket } from '../kit/test-manager.ts';

// Fan-out through the real manager over real WebSockets: many viewers of one
// stream, a viewer that stops reading, a viewer that resumes from a sequence
// number, and requests in flight when an agent vanishes.

const engine = engineFromEnv();
const QUEUE_LINES = 2000;
const QUEUE_BYTES = 256 * 1024;
let bed: ManagerWithAgent;
let admin: ApiClient;
let token: string;

type Received = {
  lines: Extract<LogEntry, { kind: 'line' }>[];
  gaps: Array<{ fromSeq: number; toSeq: number; reason: string }>;
};

function received(viewer: ViewerSocket, sub: string): Received {
  const out: Received = { lines: [], gaps: [] };
  for (const frame of viewer.frames as Frame[]) {
    const data = frame.data as {
      sub?: string;
      entries?: LogEntry[];
      fromSeq?: number;
      toSeq?: number;
      reason?: string;
    };
    if (data.sub !== sub) continue;
    if (frame.subject === 'logs.history' || frame.subject === 'logs.batch') {
      for (const e of data.entries ?? []) {
        if (e.kind === 'line') out.lines.push(e);
        if (e.kind === 'gap') out.gaps.push({ fromSeq: e.fromSeq, toSeq: e.toSeq, reason: e.reason });
      }
    }
    if (frame.subject === 'logs.gap')
      out.gaps.push({ fromSeq: data.fromSeq!, toSeq: data.toSeq!, reason: data.reason! });
  }
  return out;
}

function viewer(): Promise<ViewerSocket> {
  return openViewer(bed.url, { authorization: `Bearer ${token}` });
}

beforeAll(async () => {
  bed = await startManagerWithAgent(engine, 'fan', {
    // A ring larger than the test streams: the subscribe answer comes before the agent's follow
    // begins, so a container that finished first must still be whole in the stream's history.
    hubOptions: {
      ringLines: 5000,
      subscriberQueueLines: QUEUE_LINES,
      subscriberQueueBytes: QUEUE_BYTES,
      viewerHighWaterBytes: 64 * 1024,
    },
  });
  admin = bed.admin;
  ({ token } = await admin.ok('POST', '/api/api-tokens', { name: 'fan-out' }));
});

afterAll(async () => {
  await bed?.cleanup();
});

describe('fan-out', () => {
  it('200 viewers of one stream each receive every line, in order', async () => {
    const c = await runContainer(engine, { name: 'fan200', cmd: ['sh', '-c', 'seq 1 2000'], start: false });
    await admin.waitForContainer({ id: c.id });
    const viewers = await Promise.all(Array.from({ length: 200 }, () => viewer()));
    const replies = await Promise.all(
      viewers.map((v) => v.request('logs.subscribe', { sub: 's', agent: 'fan', container: c.name })),
    );
    expect(replies.every((r) => r.ok)).toBe(true);
    await c.container.start();
    await waitFor(() => viewers.every((v) => received(v, 's').lines.length >= 2000), {
      timeoutMs: 60_000,
      what: 'all 200 viewers to have 2000 lines',
      detail: () =>
        `counts: ${JSON.stringify([...new Set(viewers.map((v) => received(v, 's').lines.length))])}; ` +
        JSON.stringify(viewers[0]!.frames.filter((f) => f.subject !== 'logs.batch').slice(0, 5)) +
        JSON.stringify(bed.agent.logs.slice(-6)) +
        JSON.stringify(bed.manager.hub.stats()) +
        JSON.stringify(received(viewers[0]!, 's').lines.slice(-2)),
    });
    const want = Array.from({ length: 2000 }, (_, i) => String(i + 1));
    for (const v of viewers) {
      const got = received(v, 's');
      expect(got.gaps).toEqual([]);
      expect(got.lines.map((l) => l.text)).toEqual(want);
      v.close();
    }
  });

  it('a viewer that stops reading gets a gap; the others get everything; its queue stays bounded', async () => {
    const LINES = 100_000;
    const c = await runContainer(engine, {
      name: 'stall',
      cmd: ['sh', '-c', `seq 1 ${LINES} | sed 's/$/ ${'x'.repeat(150)}/'`],
      start: false,
    });
    await admin.waitForContainer({ id: c.id });
    const fast = await Promise.all(Array.from({ length: 5 }, () => viewer()));
    const slow = await viewer();
    for (const v of [...fast, slow]) {
      expect((await v.request('logs.subscribe', { sub: 's', agent: 'fan', container: c.id })).ok).toBe(true);
    }
    (slow.ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    await c.container.start();
    await waitFor(() => fast.every((v) => received(v, 's').lines.length >= LINES), {
      timeoutMs: 90_000,
      what: 'the reading viewers to get every line',
    });
    for (const v of fast) {
      const got = received(v, 's');
      expect(got.gaps).toEqual([]);
      expect(got.lines.map((l) => l.seq)).toEqual(Array.from({ length: LINES }, (_, i) => i));
    }
    // The slow subscription parked once its socket was full (it holds a position, not a copy of
    // the stream), and no subscription's queue ever held more than its bound.
    const { peakQueuedBytes } = bed.manager.hub.stats();
    expect(peakQueuedBytes).toBeLessThanOrEqual(QUEUE_BYTES);

    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    await waitFor(() => received(slow, 's').lines.at(-1)?.seq === LINES - 1, {
      timeoutMs: 60_000,
      what: 'the slow viewer to catch up to the last line',
    });
    const got = received(slow, 's');
    expect(got.gaps.length).toBeGreaterThan(0);
    expect(got.gaps.every((g) => g.reason === 'subscriber_behind')).toBe(true);
    // Every number is either a line it got or inside a gap it was told about, once.
    const seen = new Array<number>(LINES).fill(0);
    for (const l of got.lines) seen[l.seq]! += 1;
    for (const g of got.gaps) for (let s = g.fromSeq; s <= g.toSeq; s++) seen[s]! += 1;
    expect(seen.every((n) => n === 1)).toBe(true);
    for (const v of [...fast, slow]) v.close();
  }, 180_000);

  it('a viewer that comes back with fromSeq gets exactly the lines it missed', async () => {
    const c = await runContainer(engine, {
      name: 'resume',
      cmd: ['sh', '-c', 'i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo "line $i"; sleep 0.005; done'],
    });
    await admin.waitForContainer({ id: c.id });
    const first = await viewer();
    expect((await first.request('logs.subscribe', { sub: 'a', agent: 'fan', container: c.id })).ok).toBe(
      true,
    );
    await waitFor(() => received(first, 'a').lines.length >= 100, { timeoutMs: 20_000, what: '100 lines' });
    first.close();
    const before = received(first, 'a').lines;
    const last = before.at(-1)!.seq;
    const second = await viewer();
    expect(
      (await second.request('logs.subscribe', { sub: 'b', agent: 'fan', container: c.id, fromSeq: last + 1 }))
        .ok,
    ).toBe(true);
    await waitForExit(engine, c.id);
    await waitFor(() => received(second, 'b').lines.at(-1)?.text === 'line 600', {
      timeoutMs: 20_000,
      what: 'the last line',
    });
    const after = received(second, 'b');
    expect(after.gaps).toEqual([]);
    expect(after.lines[0]!.seq).toBe(last + 1);
    const all = [...before, ...after.lines].map((l) => l.text).join('\n');
    const expected = (await dockerLogs(engine, c.id, { stdout: true, stderr: false })).stdout
      .toString()
      .trimEnd();
    expect(all).toBe(expected);
    second.close();
  });
});

describe('requests in flight when an agent vanishes', () => {
  it('fail at once with agent_offline instead of waiting for their timeout', async () => {
    // SIGTERM starts a slow shutdown: the container says so, then waits for the test to let it
    // finish. So the stop is known to have reached Docker while its answer is still pending.
    const c = await runContainer(engine, {
      name: 'slowstop',
      cmd: [
        'sh',
        '-c',
        "trap 'echo stopping; until [ -e /tmp/done ]; do sleep 0.1; done; exit 0' TERM; while true; do sleep 0.1; done",
      ],
    });
    await admin.waitForContainer({ id: c.id });
    const answer = admin.call('POST', `/api/agents/fan/containers/${c.id}/stop`, { timeoutSeconds: 60 });
    await waitForDockerLog(engine, c.id, 'stopping\n', { what: 'the stop to reach the container (SIGTERM)' });
    await bed.agent.stop();
    const { status, body } = await answer;
    expect(status).toBe(503);
    expect(body.error.code).toBe('agent_offline');
    // The container is still shutting down: the answer did not wait for the stop to end.
    expect((await engine.docker.getContainer(c.id).inspect()).State.Running).toBe(true);
    // Let it finish: the stop the agent passed on ends with the container stopped, in Docker's state.
    const done = await c.container.exec({ Cmd: ['touch', '/tmp/done'] });
    await done.start({});
    expect(await waitForExit(engine, c.id)).toBe(0);
  });
});
