import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { engineFromEnv, finished, spawnBosun, waitFor } from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// A stored-log read goes at the pace of its slowest reader and stops when its reader leaves:
// `bosun logs` into a reader that pauses gets every line, and abandoned reads end on the agent.

const engine = engineFromEnv();
const bed = useCliBed(engine);

const LINES = 100_000;
// Two hundred characters a line: twenty megabytes of text, far beyond the read's window and
// what the manager could once hold for a reader before cutting it.
const SCRIPT = `line=$(printf '%0200d' 0); yes "$line" | head -n ${LINES}`;
const BOSUN = fileURLToPath(new URL('../../packages/cli/bin/bosun.ts', import.meta.url));

/** `bosun logs -n all <container>` into a reader that takes nothing for 5 s, then counts the lines. */
function readSlowly(container: string) {
  return finished(
    spawn(
      'bash',
      [
        '-c',
        `set -o pipefail; "${process.execPath}" "${BOSUN}" logs -n all ${HOST}/${container} | (sleep 5; wc -l)`,
      ],
      { env: { ...process.env, ...bed.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
}

const cancelledReads = () => bed.agent.logs.filter((record) => record.msg === 'log read cancelled').length;

describe('bosun logs with a slow or vanishing reader', () => {
  it('prints every line into a reader that pauses, and abandoned reads stop on the agent', async () => {
    const c = await bed.runToExit('flow', SCRIPT);

    const slow = await readSlowly(c.name);
    expect(slow.stderr).toBe('');
    expect(slow.stdout.toString().trim()).toBe(String(LINES));
    expect(slow.code).toBe(0);

    const before = cancelledReads();
    for (let i = 0; i < 10; i++) {
      const child = spawnBosun(['logs', '-n', 'all', `${HOST}/${c.name}`], bed.env);
      const exited = finished(child);
      await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    }
    await waitFor(() => cancelledReads() - before === 10, {
      timeoutMs: 20_000,
      what: 'ten abandoned reads cancelled on the agent',
      detail: () => `${cancelledReads() - before} cancelled`,
    });

    const whole = await readSlowly(c.name);
    expect(whole.stdout.toString().trim()).toBe(String(LINES));
    expect(whole.code).toBe(0);
  });
});
