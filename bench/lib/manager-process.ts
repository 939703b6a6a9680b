import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpuProfileFlags, reap, stopChild } from './child-exit.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
export const BENCH_ADMIN_PASSWORD = 'bench admin password';
const LISTENING = /bosun manager is listening on (http:\/\/\S+)/;
const START_TIMEOUT_MS = 30_000;

export type ManagerProcess = {
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  pid: number;
  /** SIGTERM (graceful: cursors written, sockets closed 1001) and wait for the exit. */
  stop(): Promise<void>;
  /** Stops it and removes the data folder if this helper made it. */
  cleanup(): Promise<void>;
};

/**
 * `bosun manager` as its own process (no local agent), so its CPU and memory are its own.
 * Set BOSUN_BENCH_CPU_PROF to a folder to get a CPU profile of it on exit.
 */
export async function spawnManager(
  options: { dataDir?: string; listen?: string; args?: string[] } = {},
): Promise<ManagerProcess> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'bosun-bench-manager-'));
  const child = spawn(
    process.execPath,
    [
      ...cpuProfileFlags(process.env.BOSUN_BENCH_CPU_PROF, 'manager'),
      // Node flags for the manager alone, for experiments (e.g. `--trace-gc`).
      ...(process.env.BOSUN_BENCH_MANAGER_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      join(ROOT, 'packages/cli/bin/bosun.ts'),
      'manager',
      '--listen',
      options.listen ?? '127.0.0.1:0',
      '--data-dir',
      dataDir,
      '--no-local-agent',
      ...(options.args ?? []),
    ],
    {
      env: {
        ...process.env,
        BOSUN_ADMIN_PASSWORD: BENCH_ADMIN_PASSWORD,
        BOSUN_LOG_LEVEL: 'warn',
        BOSUN_LOCAL_AGENT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  reap(child, ownDir ? () => rmSync(dataDir, { recursive: true, force: true }) : undefined);
  // Warnings are kept for the error message, not printed: 1,000 agents reconnecting say a lot.
  const stderr: string[] = [];
  child.stderr!.on('data', (b: Buffer) => {
    stderr.push(b.toString('utf8'));
    if (stderr.length > 50) stderr.shift();
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error('bosun manager did not start in time')),
      START_TIMEOUT_MS,
    );
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const m = LISTENING.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`bosun manager exited (${code}) before listening: ${stderr.join('').slice(-2000)}`));
    });
  });
  child.stdout!.resume();
  const stop = () => stopChild(child);
  return {
    url,
    port: Number(new URL(url).port),
    dataDir,
    child,
    pid: child.pid!,
    stop,
    cleanup: async () => {
      await stop();
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
