import { agentListResponseSchema, dockerTimestampToUnixNanos, storedLogPageSchema } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  openGate,
  runContainer,
  WAIT_AT_GATE,
  waitFor,
  waitForExit,
  waitForStoredLine,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs` answers from the manager's log store where Docker cannot: `-n` over a log whose
// start Docker rotated away, and any read of a container whose host is offline. The offline case
// stops the bed's agent, so it runs last.

const engine = engineFromEnv();
const bed = useCliBed(engine);

/** One page of the store's lines of container `id`, and its stream. */
async function storedPage(id: string) {
  const path = `/api/stored-logs?${new URLSearchParams({ agent: HOST, container: id, limit: '5000' })}`;
  const page = storedLogPageSchema.parse(await bed.admin.ok('GET', path));
  expect(page.newer).toBeNull();
  return { stream: page.stream, lines: page.entries.filter((entry) => entry.kind === 'line') };
}

describe('bosun logs from the log store where Docker cannot answer', () => {
  it("-n past what Docker kept takes the store's older lines first, with no duplicate or hole", async () => {
    const script = `echo ready; ${WAIT_AT_GATE}; for i in $(seq 1 200); do echo "tail line $i ........................................"; sleep 0.01; done; echo done`;
    const c = await runContainer(engine, {
      name: 'rotated-tail',
      labels: { 'bosun.retain': 'true' },
      logOptions: { 'max-size': '4k', 'max-file': '2' },
      cmd: ['sh', '-c', script],
    });
    await waitForStoredLine(bed.admin, HOST, c.id, 'ready');
    await openGate(c.container);
    expect(await waitForExit(engine, c.id)).toBe(0);
    await waitForStoredLine(bed.admin, HOST, c.id, 'done');
    const docker = (
      await dockerLogs(engine, c.id, { stdout: true, stderr: false, timestamps: true })
    ).stdout.toString('utf8');
    const dockerLines = docker.split('\n').slice(0, -1);
    expect(docker).not.toContain('tail line 1 ');
    const firstStamp = dockerTimestampToUnixNanos(docker.slice(0, docker.indexOf(' ')));
    const older = (await storedPage(c.id)).lines
      .filter((line) => dockerTimestampToUnixNanos(line.ts) < firstStamp)
      .map((line) => `${line.text}\n`);
    expect(older.length).toBeGreaterThanOrEqual(30);
    const fromDocker = dockerLines.map((line) => `${line.slice(line.indexOf(' ') + 1)}\n`);
    const target = `${HOST}/${c.name}`;

    const asked = dockerLines.length + 30;
    const logs = await bed.bosun(['logs', '-n', String(asked), target]);
    expect(logs.stderr).toBe('');
    expect(logs.code).toBe(0);
    expect(logs.stdout.toString('utf8')).toBe([...older.slice(-30), ...fromDocker].join(''));

    // What Docker holds is the whole answer when it holds enough.
    const few = await bed.bosun(['logs', '-n', '5', target]);
    expect(few.stdout.toString('utf8')).toBe(fromDocker.slice(-5).join(''));
    await c.container.remove({ force: true });
  });

  it("reads an offline host's container from the store, with a note; -f and unstored ones still fail", async () => {
    const kept = await runContainer(engine, {
      name: 'kept',
      labels: { 'bosun.retain': 'true' },
      cmd: ['sh', '-c', 'echo one; echo two >&2; echo three; echo last'],
    });
    expect(await waitForExit(engine, kept.id)).toBe(0);
    const before = await dockerLogs(engine, kept.id, { stdout: true, stderr: true });
    await waitForStoredLine(bed.admin, HOST, kept.id, 'last');
    const unkept = await bed.runToExit('unkept', 'echo not kept');
    const { stream, lines: storedLines } = await storedPage(kept.id);

    await bed.agent.stop();
    await waitFor(
      async () => {
        const { agents } = agentListResponseSchema.parse(await bed.admin.ok('GET', '/api/agents'));
        return agents.some((agent) => agent.name === HOST && !agent.online);
      },
      { timeoutMs: 15_000, what: `host ${HOST} to go offline` },
    );
    const note = `bosun: host ${HOST} is offline: these are the stored lines of ${kept.name}, up to ${stream.lastTs}\n`;

    const logs = await bed.bosun(['logs', `${HOST}/${kept.name}`]);
    expect(logs.code).toBe(0);
    expect(logs.stdout.equals(before.stdout)).toBe(true);
    expect(logs.stderr).toBe(note + before.stderr.toString('utf8'));

    const tail = await bed.bosun(['logs', '-n', '2', `${HOST}/${kept.id.slice(0, 12)}`]);
    expect(tail.code).toBe(0);
    // -n counts both streams in the store's order, which is Docker's: `two` (stderr) may have
    // been stamped after `three`.
    const lastTwo = storedLines.slice(-2);
    const textOf = (name: string) =>
      lastTwo
        .filter((line) => line.stream === name)
        .map((line) => `${line.text}\n`)
        .join('');
    expect(tail.stdout.toString('utf8')).toBe(textOf('stdout'));
    expect(tail.stderr).toBe(note + textOf('stderr'));

    const ranged = await bed.bosun([
      'logs',
      '--since',
      '1h',
      '--until',
      stream.lastTs!,
      `${HOST}/${kept.name}`,
    ]);
    expect(ranged.code).toBe(0);
    // --until is exclusive: the line stamped last (on either stream) is left out.
    const until = dockerTimestampToUnixNanos(stream.lastTs!);
    const beforeUntil = storedLines.filter(
      (line) => line.stream === 'stdout' && dockerTimestampToUnixNanos(line.ts) < until,
    );
    expect(beforeUntil.length).toBeGreaterThan(0);
    expect(ranged.stdout.toString('utf8')).toBe(beforeUntil.map((line) => `${line.text}\n`).join(''));

    // -f has nothing to follow until the host is back: it fails as it did before the store.
    const follow = await bed.bosun(['logs', '-f', `${HOST}/${kept.name}`]);
    expect(follow.stdout.toString('utf8')).toBe('');
    expect(follow.stderr).toBe(`bosun: agent ${HOST} is not connected\n`);
    expect(follow.code).toBe(5);

    const missing = await bed.bosun(['logs', `${HOST}/${unkept.name}`]);
    expect(missing.stdout.toString('utf8')).toBe('');
    expect(missing.stderr).toBe(`bosun: agent ${HOST} is not connected\n`);
    expect(missing.code).toBe(5);
  });
});
