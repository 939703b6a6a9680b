import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engineFromEnv, finished, runBosun, runContainer, spawnBosun } from '../kit/index.ts';
import { ADMIN_PASSWORD, ApiClient } from '../kit/test-manager.ts';

// `bosun manager` as a process: it prints where it listens, serves, and stops cleanly on SIGTERM;
// unless told not to, it serves this machine's Docker with an agent in the same process.

let dir: string;

/** The URL `bosun manager` says it listens on, and what it printed on stdout so far. */
function listening(child: ChildProcess): Promise<{ url: string; stdout: () => string }> {
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL printed: ${stdout}`)), 20_000);
    child.stdout?.on('data', () => {
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, stdout: () => stdout });
      }
    });
  });
}

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
    const { url, stdout } = await listening(child);
    expect(stdout()).toContain(`bosun login --manager ${url}`);
    expect(stdout()).toContain(dataDir);
    expect(stdout()).toContain('local agent:  off');
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', store: { ok: true } });
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

  it("with its local agent, serves this machine's Docker as a host like any other, and stops with it", async () => {
    const engine = engineFromEnv();
    const box = await runContainer(engine, { name: 'local', cmd: ['sh', '-c', 'echo up; exec sleep 1000'] });
    const dataDir = join(dir, 'with-agent');
    const child = spawnBosun(
      [
        'manager',
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        dataDir,
        '--docker-host',
        engine.dockerHost,
        '--agent-name',
        'this-host',
      ],
      { BOSUN_ADMIN_PASSWORD: ADMIN_PASSWORD },
    );
    const done = finished(child);
    try {
      const { url, stdout } = await listening(child);
      expect(stdout()).toContain("local agent:  serving this machine's Docker");
      const admin = await ApiClient.login(url, 'admin', ADMIN_PASSWORD);
      await admin.waitForAgentOnline('this-host');
      await admin.waitForContainer({ name: box.name, agentName: 'this-host' });
      // It enrolled as any agent does: its credential in the data folder, 0600.
      expect((await stat(join(dataDir, 'local-agent', 'credential.json'))).mode & 0o777).toBe(0o600);
    } finally {
      child.kill('SIGTERM');
      await box.container.remove({ force: true });
    }
    expect((await done).code).toBe(0);
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
      '--memory-budget',
      '--max-log-sockets',
      '--allowed-hosts',
      'BOSUN_ALLOWED_HOSTS',
      '--trusted-proxy',
      'BOSUN_TRUSTED_PROXY',
      'BOSUN_ADMIN_PASSWORD',
    ]) {
      expect(text).toContain(option);
    }
  });

  it('refuses a trusted proxy or an allowed host it cannot read, before starting', async () => {
    for (const [args, message] of [
      [['--trusted-proxy', '10.0.0.0/8,proxy.lan'], '--trusted-proxy: "proxy.lan" is not an address or CIDR'],
      [
        ['--allowed-hosts', 'https://bosun.example'],
        '--allowed-hosts: "https://bosun.example" is not a host name',
      ],
    ] as const) {
      const result = await runBosun(['manager', '--no-local-agent', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain(message);
    }
  });
});
