import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finished, runBosun, spawnBosun } from '../kit/index.ts';

// `bosun manager` as a process: it prints where it listens, serves, and stops cleanly on SIGTERM.

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-manager-cli-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bosun manager', () => {
  it('starts, prints its URL and data folder, generates the first password once, stops on SIGTERM', async () => {
    const dataDir = join(dir, 'data');
    const child = spawnBosun(
      ['manager', '--listen', '127.0.0.1:0', '--data-dir', dataDir, '--no-local-agent'],
      {
        BOSUN_ADMIN_PASSWORD: '',
      },
    );
    const done = finished(child);
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 20_000);
      child.stdout?.on('data', () => {
        const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      });
    });
    expect(stdout).toContain(`bosun login --manager ${url}`);
    expect(stdout).toContain(dataDir);
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    // The generated password is in a box on stderr, once; never in a log line.
    const match = /password: (\S+)/.exec(result.stderr);
    expect(match).not.toBeNull();
    const logLines = result.stderr.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.some((line) => line.includes(match![1]!))).toBe(false);
    const bad = await runBosun(['manager', '--listen', 'nonsense']);
    expect(bad.code).toBe(2);
  });

  it('--help lists its options and environment', async () => {
    const help = await runBosun(['manager', '--help']);
    expect(help.code).toBe(0);
    const text = help.stdout.toString('utf8');
    for (const option of [
      '--listen',
      '--data-dir',
      '--public-url',
      '--no-local-agent',
      '--docker-host',
      'BOSUN_ADMIN_PASSWORD',
    ]) {
      expect(text).toContain(option);
    }
  });
});
