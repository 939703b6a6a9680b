import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bosunBinDir } from '../lib/bosun-bin.ts';
import { LINE_SUFFIX } from '../lib/line-scripts.ts';
import { cpuSeconds } from '../lib/proc-stats.ts';
import { type Measure, median, type ScenarioRun } from '../lib/report.ts';
import { AGENT_NAME, type StreamBed, startStreamBed } from '../lib/stream-bed.ts';

// `bosun logs HOST/C -n all` of a finished container against `docker logs C` on the same
// container, as a person types them in a shell: to /dev/null, and through a pipe to a reader that
// takes everything (`| cat > /dev/null`). `docker logs -t` is beside them for reference: the agent
// always asks Docker for timestamps, which Docker serves about a tenth slower. Each command's
// time is the median of READS runs; both outputs (stdout and stderr) go to the same place, since
// the containers write one line in ten to stderr. BOSUN_BENCH_READOUT_LINES changes the sizes.

const SIZES = (process.env.BOSUN_BENCH_READOUT_LINES ?? '300000,1000000').split(',').map(Number);
const READS = 3;

/** `lines` ~100-byte lines, one in ten on stderr, written as fast as awk can. */
function printCommand(lines: number): string[] {
  const awk = `{ if (NR % 10 == 0) print $0 "${LINE_SUFFIX}" > "/dev/stderr"; else print $0 "${LINE_SUFFIX}" }`;
  return ['sh', '-c', `seq 1 ${lines} | awk '${awk}'`];
}

type Timed = { seconds: number; cpuSeconds: number };

// Wall time of one shell command line, and the CPU time of what it ran (the shell's `times`).
function timeShell(line: string, env: NodeJS.ProcessEnv): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('sh', ['-c', `${line}; times >&2`], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-2000);
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      // `times` prints the shell's own user and system time, then its children's: "0m1.23s 0m0.45s".
      const children = stderr
        .trim()
        .split('\n')
        .at(-1)
        ?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      const cpuSeconds = children
        ? Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])
        : Number.NaN;
      if (code === 0) resolve({ seconds, cpuSeconds });
      else reject(new Error(`\`${line}\` exited with ${code}: ${stderr}`));
    });
  });
}

type Reads = Record<'docker' | 'dockerT' | 'bosun', number>;
type Readout = { seconds: Reads; cpuSeconds: Reads & { manager: number; agent: number } };

// One output shape: the three commands, interleaved run by run so a busy moment hits all three.
// CPU seconds (medians too) say where the time went on a machine too busy for wall times alone.
async function readAll(
  bed: StreamBed,
  container: string,
  sink: string,
  env: NodeJS.ProcessEnv,
): Promise<Readout> {
  const lines = {
    docker: `docker logs ${container} ${sink}`,
    dockerT: `docker logs -t ${container} ${sink}`,
    bosun: `bosun logs ${AGENT_NAME}/${container} -n all ${sink}`,
  };
  const keys = Object.keys(lines) as Array<keyof Reads>;
  const runs: Record<keyof Reads, Timed[]> = { docker: [], dockerT: [], bosun: [] };
  const servers = { manager: [] as number[], agent: [] as number[] };
  for (let i = 0; i < READS; i++) {
    for (const key of keys) {
      const before = { manager: cpuSeconds(bed.manager.pid), agent: cpuSeconds(bed.agent.pid!) };
      runs[key].push(await timeShell(lines[key], env));
      if (key !== 'bosun') continue;
      servers.manager.push(cpuSeconds(bed.manager.pid) - before.manager);
      servers.agent.push(cpuSeconds(bed.agent.pid!) - before.agent);
    }
  }
  const m = (values: number[]) => Number(median(values).toFixed(3));
  const of = (pick: (t: Timed) => number) => ({
    docker: m(runs.docker.map(pick)),
    dockerT: m(runs.dockerT.map(pick)),
    bosun: m(runs.bosun.map(pick)),
  });
  return {
    seconds: of((t) => t.seconds),
    cpuSeconds: { ...of((t) => t.cpuSeconds), manager: m(servers.manager), agent: m(servers.agent) },
  };
}

function measuresOf(label: string, readout: Readout): Measure[] {
  const reads = readout.seconds;
  const cpu = readout.cpuSeconds;
  return [
    {
      name: `bosun logs -n all, ${label}`,
      unit: 's',
      value: reads.bosun,
      baseline: reads.docker,
    },
    { name: `docker logs -t, ${label}`, unit: 's', value: reads.dockerT, baseline: reads.docker },
    // Times, so bosun's speed against docker logs is docker's time over bosun's.
    {
      name: `bosun speed / docker logs, ${label}`,
      unit: '×',
      value: Number((reads.docker / reads.bosun).toFixed(2)),
      target: { op: '>=', value: 0.9 },
    },
    {
      name: `CPU of bosun logs / docker logs, ${label}`,
      unit: 'CPU-s',
      value: cpu.bosun,
      baseline: cpu.docker,
    },
    { name: `CPU of the manager during bosun logs, ${label}`, unit: 'CPU-s', value: cpu.manager },
    { name: `CPU of the agent during bosun logs, ${label}`, unit: 'CPU-s', value: cpu.agent },
  ];
}

export async function cliReadout(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  const configDir = mkdtempSync(join(tmpdir(), 'bosun-bench-cli-'));
  try {
    const bin = await bosunBinDir();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH}`,
      DOCKER_HOST: bed.engine.dockerHost,
      BOSUN_MANAGER: bed.manager.url,
      BOSUN_TOKEN: bed.token,
      BOSUN_CONFIG: join(configDir, 'cli.json'),
      BOSUN_LOG_LEVEL: 'warn',
      // A CPU profile of every `bosun` run too, beside the manager's and the agent's.
      ...(process.env.BOSUN_BENCH_CPU_PROF
        ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${join(process.env.BOSUN_BENCH_CPU_PROF, 'cli')}` }
        : {}),
    };
    const measures: Measure[] = [];
    const raw: Record<string, unknown> = {};
    for (const lines of SIZES) {
      const c = await bed.container(`readout-${lines}`, printCommand(lines));
      await c.container.wait();
      const label = `${lines.toLocaleString('en')} lines`;
      const devNull = await readAll(bed, c.name, '> /dev/null 2>&1', env);
      const pipe = await readAll(bed, c.name, '2>&1 | cat > /dev/null', env);
      measures.push(
        ...measuresOf(`${label} to /dev/null`, devNull),
        ...measuresOf(`${label} through a pipe`, pipe),
      );
      raw[lines] = { devNull, pipe };
      await c.container.remove({ force: true, v: true });
    }
    return { measures, raw };
  } finally {
    rmSync(configDir, { recursive: true, force: true });
    await bed.close();
  }
}
