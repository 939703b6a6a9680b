import { describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  runContainer,
  useScriptedAgent,
  waitFor,
  waitForExit,
} from '../kit/index.ts';

// One-shot reads of stored logs (what `bosun logs` without -f and `-n all` use).

describe('agent log.read', () => {
  const engine = engineFromEnv();
  const bed = useScriptedAgent(engine);

  it('reads every stored line, both streams, byte-identical, and says how many', async () => {
    const c = await runContainer(engine, {
      cmd: [
        'sh',
        '-c',
        "seq 1 100000; echo oops >&2; yes y | head -n 20000 | tr -d '\\n'; echo; printf 'end'",
      ],
    });
    await waitForExit(engine, c.id);
    const result = await bed.manager.request('log.read', { container: c.name, readId: 'all-1', tail: 'all' });
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    const got = entriesToStreams(bed.manager.reads.get('all-1') ?? []);
    expect(result).toEqual({ readId: 'all-1', lines: 100_003 });
    expect(got.stdout.equals(expected.stdout)).toBe(true);
    expect(got.stderr.equals(expected.stderr)).toBe(true);
    // The manager offered packed batches, so every batch of lines went packed.
    expect(new Set(bed.manager.batchSubjects)).toEqual(new Set(['log.read.batch.packed']));
  });

  it('honours tail', async () => {
    const c = await runContainer(engine, { cmd: ['sh', '-c', 'seq 1 50'] });
    await waitForExit(engine, c.id);
    await bed.manager.request('log.read', { container: c.id, readId: 'tail-1', tail: 3 });
    const texts = (bed.manager.reads.get('tail-1') ?? []).map((e) => (e.kind === 'line' ? e.text : e.kind));
    expect(texts).toEqual(['48', '49', '50']);
  });

  it('answers not_found for a container that does not exist', async () => {
    await expect(
      bed.manager.request('log.read', { container: 'bosun-no-such', readId: 'nf', tail: 'all' }),
    ).rejects.toMatchObject({ code: 'not_found' });
  });
});

describe('an agent whose manager does not offer packed batches (an older manager)', () => {
  const engine = engineFromEnv();
  const bed = useScriptedAgent(engine, {}, { packedBatches: false });

  it('reads and follows in per-entry batches, byte-identical', async () => {
    const c = await runContainer(engine, { cmd: ['sh', '-c', "seq 1 3000; echo oops >&2; printf 'end'"] });
    await waitForExit(engine, c.id);
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    await bed.manager.request('log.read', { container: c.name, readId: 'old-1', tail: 'all' });
    const read = entriesToStreams(bed.manager.reads.get('old-1') ?? []);
    expect(read.stdout.equals(expected.stdout)).toBe(true);
    expect(read.stderr.equals(expected.stderr)).toBe(true);

    await bed.manager.request('log.stream.start', { container: c.id, tail: 1_000_000 });
    await waitFor(
      () => (bed.manager.entries.get(c.id) ?? []).filter((e) => e.kind === 'line').length >= 3002,
      {
        timeoutMs: 30_000,
        what: 'the followed stream to deliver every stored line',
      },
    );
    const followed = entriesToStreams(bed.manager.entries.get(c.id) ?? []);
    expect(followed.stdout.equals(expected.stdout)).toBe(true);
    expect(followed.stderr.equals(expected.stderr)).toBe(true);
    expect(new Set(bed.manager.batchSubjects)).toEqual(new Set(['log.read.batch', 'log.batch']));
  });
});
