import { describe, expect, it } from 'vitest';
import { dockerLogs, engineFromEnv, runContainer, spawnBosun, waitFor, watchChild } from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs -f` outlives its socket: when the manager goes away and comes back, it reconnects,
// resumes after the last line it printed, and neither skips nor repeats a line.

const engine = engineFromEnv();
const bed = useCliBed(engine);

describe('bosun logs -f across a manager restart', () => {
  it('prints every line exactly once', async () => {
    const c = await runContainer(engine, {
      name: 'ticker',
      cmd: [
        'sh',
        '-c',
        'i=0; while [ $i -lt 400 ]; do i=$((i+1)); echo "tick $i"; sleep 0.02; done; exec sleep 1000',
      ],
    });
    await bed.waitForContainer(c.name);
    const bosun = watchChild(spawnBosun(['logs', '-f', `${HOST}/${c.name}`], bed.env));
    await waitFor(() => bosun.stdout().includes('tick 50\n'), { timeoutMs: 15_000, what: 'the first lines' });
    await bed.restartManager();
    await waitFor(() => bosun.stderr().includes('reconnected to the manager'), {
      timeoutMs: 20_000,
      what: 'bosun to reconnect',
      detail: bosun.stderr,
    });
    await waitFor(() => bosun.stdout().includes('tick 400\n'), {
      timeoutMs: 30_000,
      what: 'the last line',
      detail: bosun.stderr,
    });
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    await c.container.remove({ force: true });
    const result = await bosun.done;
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(expected.stdout.toString());
    expect(result.stderr).toMatch(
      /^bosun: lost the connection to the manager[^\n]*\nbosun: reconnected to the manager\n$/,
    );
  });
});
