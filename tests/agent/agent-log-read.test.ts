import { describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  entriesToStreams,
  runContainer,
  useScriptedAgent,
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
