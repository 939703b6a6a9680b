import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  dockerLogs,
  engineFromEnv,
  finished,
  openGate,
  runContainer,
  spawnBosun,
  WAIT_AT_GATE,
  waitFor,
  waitForDockerLog,
  watchChild,
} from '../kit/index.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// `bosun logs` must print what `docker logs` prints, byte for byte and stream by stream, and
// `-f` must carry on through restarts and stop when the container is gone.

const engine = engineFromEnv();
const bed = useCliBed(engine);

describe('bosun logs', () => {
  it('equals docker logs byte for byte: both streams, a 40 KiB line, UTF-8, CRLF, no last newline', async () => {
    const c = await bed.runToExit(
      'fidelity',
      [
        'echo out-1',
        'echo err-1 >&2',
        "yes x | head -n 40960 | tr -d '\\n'; echo",
        "printf 'h\\303\\251llo \\360\\237\\220\\263 w\\303\\266rld\\n'",
        "printf 'crlf line\\r\\n'",
        'echo err-2 >&2',
        "printf 'no newline at the end'",
      ].join('; '),
    );
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    const result = await bed.bosun(['logs', `${HOST}/${c.name}`]);
    expect(result.code).toBe(0);
    expect(result.stdout.length).toBe(expected.stdout.length);
    expect(result.stdout.equals(expected.stdout)).toBe(true);
    expect(result.stderr).toBe(expected.stderr.toString('utf8'));
    expect(result.stderr).not.toContain('bosun:');
  });

  it('prints the last lines with -n', async () => {
    const c = await bed.runToExit('tail', 'for i in $(seq 1 20); do echo "line $i"; done');
    const result = await bed.bosun(['logs', '-n', '5', `${HOST}/${c.name}`]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('line 16\nline 17\nline 18\nline 19\nline 20\n');
  });

  it('prints timestamps with -t exactly as docker logs -t does', async () => {
    const c = await bed.runToExit('stamps', 'echo one; echo two >&2; echo three');
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true, timestamps: true });
    const result = await bed.bosun(['logs', '-t', `${HOST}/${c.name}`]);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(expected.stdout.toString());
    expect(result.stderr).toBe(expected.stderr.toString());
    expect(result.stdout.toString()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one\n/);
  });

  it('stops quietly, exit 0, when its reader goes away (bosun logs | head)', async () => {
    // Well over a pipe buffer (64 KiB), so bosun is still writing when head has gone.
    const c = await bed.runToExit('many', 'seq 1 30000');
    const bosun = fileURLToPath(new URL('../../packages/cli/bin/bosun.ts', import.meta.url));
    const child = spawn(
      'bash',
      ['-c', `set -o pipefail; "${process.execPath}" "${bosun}" logs ${HOST}/${c.name} | head -n 2`],
      { env: { ...process.env, ...bed.env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const result = await finished(child);
    expect(result.stderr).toBe('');
    expect(result.stdout.toString()).toBe('1\n2\n');
    expect(result.code).toBe(0);
  });

  it('exits 4 with one line for an unknown container', async () => {
    const result = await bed.bosun(['logs', `${HOST}/no-such-container`]);
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(`bosun: no such container no-such-container on host ${HOST}\n`);
  });

  it('-f prints every line once through a restart, and exits 0 once the container is removed', async () => {
    // /tmp survives a restart, so each run numbers itself.
    const script =
      'n=$(cat /tmp/n 2>/dev/null || echo 0); n=$((n+1)); echo $n > /tmp/n; ' +
      'for i in 1 2 3; do echo "run $n out $i"; echo "run $n err $i" >&2; done; exec sleep 1000';
    const c = await runContainer(engine, { name: 'follow', cmd: ['sh', '-c', script] });
    await bed.waitForContainer(c.name);
    await waitForDockerLog(engine, c.id, 'run 1 out 3', { what: 'the first run to print' });
    const bosun = watchChild(spawnBosun(['logs', '-f', `${HOST}/${c.name}`], bed.env));
    await waitFor(() => bosun.stdout().includes('run 1 out 3'), {
      timeoutMs: 15_000,
      what: 'the history to print',
    });
    await c.container.restart({ t: 0 });
    await waitFor(() => bosun.stdout().includes('run 2 out 3'), {
      timeoutMs: 20_000,
      what: 'the second run to print',
    });
    const expected = await dockerLogs(engine, c.id, { stdout: true, stderr: true });
    await c.container.remove({ force: true });
    const result = await bosun.done;
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe(expected.stdout.toString());
    expect(result.stderr).toBe(expected.stderr.toString());
    expect(result.stdout.toString().match(/^run 1 out 1$/gm)).toHaveLength(1);
  });

  it('-f -n 0 prints only what comes after it started', async () => {
    const script = `echo old; ${WAIT_AT_GATE}; echo new; exec sleep 1000`;
    const c = await runContainer(engine, { name: 'fresh', cmd: ['sh', '-c', script] });
    await bed.waitForContainer(c.name);
    await waitForDockerLog(engine, c.id, 'old', { what: 'the old line' });
    const bosun = await bed.followLive(['-n', '0', `${HOST}/${c.name}`]);
    await openGate(c.container);
    await waitForDockerLog(engine, c.id, 'new', { what: 'the new line' });
    await waitFor(() => bosun.stdout().includes('new'), {
      timeoutMs: 15_000,
      what: 'bosun to print the new line',
    });
    const result = await bosun.interrupt();
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('new\n');
    await c.container.remove({ force: true });
  });
});
