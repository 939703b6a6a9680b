import type { LogEntry } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dockerLogs,
  type Engine,
  engineFromEnv,
  ensureFixtureImage,
  entriesToStreams,
  runContainer,
  type ScriptedManager,
  startEngine,
  useScriptedAgent,
  waitFor,
} from '../kit/index.ts';

// A followed container keeps its stream through restarts of the container and
// of the Docker daemon: no line lost, none twice, numbers strictly increasing.

const TICKER =
  'i=0; while true; do i=$((i+1)); echo "tick $i $(hostname)"; echo "tock $i" >&2; sleep 0.01; done';

function lineSeqs(entries: readonly LogEntry[]): number[] {
  return entries.flatMap((e) => (e.kind === 'line' ? [e.seq] : []));
}

async function deliveredAll(manager: ScriptedManager, engine: Engine, id: string): Promise<void> {
  const expected = await dockerLogs(engine, id, { stdout: true, stderr: true });
  await waitFor(
    () => {
      const got = entriesToStreams(manager.entries.get(id) ?? []);
      return got.stdout.length >= expected.stdout.length && got.stderr.length >= expected.stderr.length;
    },
    { timeoutMs: 30_000, what: 'every stored line to reach the manager' },
  );
  const got = entriesToStreams(manager.entries.get(id) ?? []);
  expect(got.stdout.equals(expected.stdout)).toBe(true);
  expect(got.stderr.equals(expected.stderr)).toBe(true);
}

function expectStrictlyIncreasing(seqs: number[]): void {
  for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
}

describe('container restarts', () => {
  const engine = engineFromEnv();
  const bed = useScriptedAgent(engine);

  it('three restarts while printing: nothing lost, nothing twice, three restart markers', async () => {
    const c = await runContainer(engine, { cmd: ['sh', '-c', TICKER] });
    await bed.manager.request('log.stream.start', { container: c.id, tail: 1_000_000 });
    for (let round = 1; round <= 3; round++) {
      const before = bed.manager.linesOf(c.id).length;
      await waitFor(() => bed.manager.linesOf(c.id).length >= before + 20, {
        timeoutMs: 20_000,
        what: 'more lines',
      });
      await c.container.restart({ t: 0 });
      await waitFor(
        () => (bed.manager.entries.get(c.id) ?? []).filter((e) => e.kind === 'restart').length >= round,
        { timeoutMs: 20_000, what: `restart marker ${round}` },
      );
    }
    const before = bed.manager.linesOf(c.id).length;
    await waitFor(() => bed.manager.linesOf(c.id).length >= before + 20, {
      timeoutMs: 20_000,
      what: 'lines after',
    });
    await c.container.stop({ t: 0 });
    await deliveredAll(bed.manager, engine, c.id);
    const entries = bed.manager.entries.get(c.id) ?? [];
    expect(entries.filter((e) => e.kind === 'restart')).toHaveLength(3);
    const seqs = lineSeqs(entries);
    expectStrictlyIncreasing(seqs);
    expect(seqs[0]).toBe(0);
    expect(seqs.at(-1)).toBe(seqs.length - 1);
  });

  it('a stop and a later start resume the same stream with a restart marker', async () => {
    const c = await runContainer(engine, { cmd: ['sh', '-c', 'echo one; echo two; sleep 0.2'] });
    await bed.manager.request('log.stream.start', { container: c.id, tail: 1000 });
    await waitFor(() => bed.manager.linesOf(c.id).length >= 2, { timeoutMs: 20_000, what: 'first run' });
    await c.container.wait();
    await c.container.start();
    await waitFor(() => bed.manager.linesOf(c.id).length >= 4, { timeoutMs: 20_000, what: 'second run' });
    await c.container.wait();
    await deliveredAll(bed.manager, engine, c.id);
    const kinds = (bed.manager.entries.get(c.id) ?? []).map((e) => (e.kind === 'line' ? e.text : e.kind));
    expect(kinds).toEqual(['one', 'two', 'restart', 'one', 'two']);
  });

  it('removal ends the stream with a reason', async () => {
    const c = await runContainer(engine, { cmd: ['sh', '-c', 'echo bye'] });
    await bed.manager.request('log.stream.start', { container: c.id, tail: 1000 });
    await waitFor(() => bed.manager.linesOf(c.id).length >= 1, { timeoutMs: 20_000, what: 'the line' });
    await c.container.remove({ force: true });
    await waitFor(() => (bed.manager.entries.get(c.id) ?? []).some((e) => e.kind === 'end'), {
      timeoutMs: 20_000,
      what: 'the end marker',
    });
    expect((bed.manager.entries.get(c.id) ?? []).at(-1)).toMatchObject({
      kind: 'end',
      reason: 'removed',
      afterSeq: 0,
    });
  });
});

describe('Docker daemon restarts under a running agent', () => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await startEngine('restarting');
    await ensureFixtureImage(engine);
  });
  afterAll(async () => {
    await engine?.stop();
  });
  const bed = useScriptedAgent(() => engine);

  it('reports Docker gone and back, keeps its link, and resumes the stream', async () => {
    const c = await runContainer(engine, {
      cmd: ['sh', '-c', TICKER],
      restartPolicy: { Name: 'always' },
    });
    await bed.manager.request('log.stream.start', { container: c.id, tail: 1000 });
    await waitFor(() => bed.manager.linesOf(c.id).length >= 20, { timeoutMs: 20_000, what: 'lines before' });
    const connectsBefore = bed.manager.connectTimes.length;
    await engine.restartDaemon(async () => {
      await waitFor(() => bed.manager.dockerStatus.some((s) => !s.available), {
        timeoutMs: 20_000,
        what: 'the agent to report Docker unavailable',
      });
    });
    await waitFor(() => bed.manager.dockerStatus.at(-1)?.available === true, {
      timeoutMs: 30_000,
      what: 'the agent to report Docker available again',
    });
    const before = bed.manager.linesOf(c.id).length;
    await waitFor(() => bed.manager.linesOf(c.id).length >= before + 20, {
      timeoutMs: 30_000,
      what: 'lines after the daemon restart',
    });
    expect(bed.manager.connectTimes.length).toBe(connectsBefore);
    await c.container.update({ RestartPolicy: { Name: 'no' } });
    await c.container.stop({ t: 0 });
    await deliveredAll(bed.manager, engine, c.id);
    const entries = bed.manager.entries.get(c.id) ?? [];
    expectStrictlyIncreasing(lineSeqs(entries));
    expect(entries.some((e) => e.kind === 'restart')).toBe(true);
  });
});
