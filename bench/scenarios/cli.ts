import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bosunBinDir } from '../lib/bosun-bin.ts';
import { BENCH_ADMIN_PASSWORD } from '../lib/manager-process.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { median } from '../lib/report.ts';
import { startStreamBed } from '../lib/stream-bed.ts';

// How long `bosun` takes to start and answer, run as a user runs it: the single file found on
// PATH as `bosun`, on the Node that comes next on PATH (the project's Node 24), logged in to a
// manager with one agent and two containers. Each command runs once to warm the disk cache, then
// RUNS times; the median is compared with a bare `node -e 0` measured the same way in the same run.
// Peak resident memory of `bosun ps` comes from GNU time's %M (the kernel's maxrss of the process).

const RUNS = 7;
const TARGET_EXCESS_MS = 120;
const TIME = '/usr/bin/time';

type Run = { ms: number; code: number | null; stderr: string };

function runOnce(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ ms: performance.now() - started, code, stderr }));
  });
}

async function medianMs(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const run = await runOnce(command, args, env);
    if (run.code !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${run.code}: ${run.stderr.trim().slice(0, 300)}`);
    }
    if (i > 0) times.push(run.ms);
  }
  return Number(median(times).toFixed(1));
}

async function peakRssMiB(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  if (!existsSync(TIME)) return undefined;
  const run = await runOnce(TIME, ['-f', '%M', 'bosun', 'ps'], env);
  const kib = Number(run.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kib) ? Number((kib / 1024).toFixed(1)) : undefined;
}

/** One run of the `cli` scenario. */
export async function cliStartup(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  const home = mkdtempSync(join(tmpdir(), 'bosun-bench-cli-'));
  try {
    await bed.container('cli-web', ['sleep', '3600']);
    await bed.container('cli-worker', ['sleep', '3600']);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: [await bosunBinDir(), join(process.cwd(), 'node_modules/.bin'), process.env.PATH].join(':'),
      BOSUN_CONFIG: join(home, 'cli.json'),
      BOSUN_MANAGER: '',
      BOSUN_TOKEN: '',
      NODE_COMPILE_CACHE: '',
    };
    const login = await runOnce('bosun', ['login', '--manager', bed.manager.url], {
      ...env,
      BOSUN_PASSWORD: BENCH_ADMIN_PASSWORD,
    });
    if (login.code !== 0) throw new Error(`bosun login failed: ${login.stderr.trim()}`);

    const floor = await medianMs('node', ['-e', '0'], env);
    const startup = (name: string, value: number): Measure => ({
      name,
      unit: 'ms',
      value,
      baseline: floor,
      target: { op: '<=', value: TARGET_EXCESS_MS, of: 'excess' },
    });
    const measures: Measure[] = [
      { name: 'node -e 0 (the floor)', unit: 'ms', value: floor },
      startup('bosun --version', await medianMs('bosun', ['--version'], env)),
      startup('bosun ps', await medianMs('bosun', ['ps'], env)),
      startup('bosun hosts', await medianMs('bosun', ['hosts'], env)),
    ];
    const rss = await peakRssMiB(env);
    if (rss !== undefined) measures.push({ name: 'bosun ps peak RSS', unit: 'MiB', value: rss });
    return {
      measures,
      raw: {
        runs: RUNS,
        node: 'node_modules/.bin/node',
        peakRss: rss === undefined ? `no ${TIME}` : 'GNU time %M',
      },
    };
  } finally {
    rmSync(home, { recursive: true, force: true });
    await bed.close();
  }
}
