import { mkdirSync, writeFileSync } from 'node:fs';
import { type Engine, primaryEngine, startEngine } from '../tests/kit/index.ts';
import { cannotStartEngines } from '../tests/kit/owned-dockerd.ts';
import { machineFacts } from './lib/machine.ts';
import { type ScenarioRun, type Summary, summarise, tableRows } from './lib/report.ts';
import { agentFollow } from './scenarios/agent-follow.ts';
import { agentFootprint } from './scenarios/agent-footprint.ts';
import { browserViewer } from './scenarios/browser.ts';
import { cliStartup } from './scenarios/cli.ts';
import { cliReadout } from './scenarios/cli-readout.ts';
import { fanOut } from './scenarios/fan-out.ts';
import { latency } from './scenarios/latency.ts';
import { logStore } from './scenarios/log-store.ts';
import { scale } from './scenarios/scale.ts';
import { stalledViewers } from './scenarios/stalled-viewers.ts';
import { throughput } from './scenarios/throughput.ts';
import { throughputRetained } from './scenarios/throughput-retained.ts';
import { workerdFanOut } from './scenarios/workerd-fan-out.ts';

// `npm run bench`: runs every scenario BOSUN_BENCH_RUNS times (default 3; log-store once) against real parts and
// writes bench/results/latest.json and latest.md. Figures are reported, never asserted: a slow
// run prints slow numbers, it does not fail. BOSUN_BENCH_ONLY=throughput,latency picks scenarios.
// The scenario contract (what each returns) is at the top of bench/lib/report.ts.

const RUNS = Number(process.env.BOSUN_BENCH_RUNS ?? 3);
const ONLY = process.env.BOSUN_BENCH_ONLY?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);

/** A scenario; `runs` caps its runs below `BOSUN_BENCH_RUNS` when one run is long. */
type Scenario = { name: string; run: () => Promise<ScenarioRun>; runs?: number };

const all: Scenario[] = [
  { name: 'agent-follow', run: agentFollow },
  { name: 'agent-footprint', run: () => agentFootprint() },
  { name: 'throughput', run: throughput },
  { name: 'throughput-retained', run: throughputRetained },
  { name: 'latency', run: latency },
  { name: 'fan-out', run: fanOut },
  { name: 'workerd-fan-out', run: workerdFanOut },
  { name: 'scale', run: scale },
  { name: 'browser', run: browserViewer },
  { name: 'stalled-viewers', run: stalledViewers },
  { name: 'cli', run: cliStartup },
  { name: 'cli-readout', run: cliReadout },
  // Ten million lines take about five minutes to load: one run, its spread shown by its
  // repeated queries.
  { name: 'log-store', run: logStore, runs: 1 },
];
const unknown = ONLY?.filter((name) => !all.some((s) => s.name === name)) ?? [];
if (unknown.length > 0) {
  throw new Error(
    `BOSUN_BENCH_ONLY names unknown scenarios: ${unknown.join(', ')} (known: ${all.map((s) => s.name).join(', ')})`,
  );
}
const chosen = all.filter((s) => !ONLY || ONLY.includes(s.name));

// One engine for the whole run: scenarios ask primaryEngine(), which then finds it through
// DOCKER_HOST instead of starting (and stopping) a private dockerd each time. A private one when
// the kit can start it (root, dockerd): a system engine may be shared with test runs whose
// cleanup removes every labelled container, the bench's included, and whose load skews figures.
// DOCKER_HOST, when set, is used as it is.
async function benchEngine(): Promise<Engine> {
  if (process.env.DOCKER_HOST || cannotStartEngines() !== undefined) return primaryEngine();
  return startEngine('bench');
}
const engine = await benchEngine();
process.env.DOCKER_HOST ??= engine.dockerHost;
const stopEngine = () => engine.stop();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopEngine().finally(() => process.exit(130));
  });
}
// A stray rejection in a helper must not abort the run (and orphan the engine): it is reported,
// and the scenario it belonged to fails on its own timeouts.
process.on('unhandledRejection', (reason) => {
  process.stderr.write(`unhandled rejection: ${reason instanceof Error ? reason.stack : String(reason)}\n`);
});

const machine = machineFacts();
const started = new Date();
type Outcome = { runs: ScenarioRun[]; errors: string[]; seconds: number; summary: Summary[] };
const outcomes: Record<string, Outcome> = {};
try {
  for (const scenario of chosen) {
    const outcome: Outcome = { runs: [], errors: [], seconds: 0, summary: [] };
    outcomes[scenario.name] = outcome;
    const t0 = performance.now();
    const runs = Math.min(RUNS, scenario.runs ?? RUNS);
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`${scenario.name} run ${i + 1}/${runs}…\n`);
      try {
        outcome.runs.push(await scenario.run());
      } catch (error) {
        // A scenario that could not measure is reported, and the others still run.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        process.stderr.write(`${scenario.name} run ${i + 1} failed: ${message}\n`);
        outcome.errors.push(message);
      }
    }
    outcome.seconds = Math.round((performance.now() - t0) / 1000);
    outcome.summary = summarise(outcome.runs);
  }
} finally {
  await stopEngine();
}

const wallSeconds = Math.round((Date.now() - started.getTime()) / 1000);
const m = machine;
const lines = [
  `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC on ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.kernel}, Node ${m.node}, ${m.docker}; median of ${RUNS} run${RUNS === 1 ? '' : 's'} (spread: min–max; log-store: one run); whole run ${wallSeconds} s.`,
  '',
  '| measure | median | spread | baseline | ratio | target | met? |',
  '|---|---:|---:|---:|---:|---|---|',
  ...Object.entries(outcomes).flatMap(([name, o]) => tableRows(name, o.summary)),
  '',
  `Baseline: a bare Docker API client (\`follow=1\`) on the same container in the same run. Seconds per scenario: ${Object.entries(
    outcomes,
  )
    .map(([name, o]) => `${name} ${o.seconds}`)
    .join(', ')}.`,
  ...Object.entries(outcomes).flatMap(([name, o]) =>
    o.errors.length
      ? [
          '',
          `**${name}: ${o.errors.length} of ${o.errors.length + o.runs.length} runs failed**: ${o.errors[0]!.split('\n')[0]}`,
        ]
      : [],
  ),
  '',
];
const table = lines.join('\n');
const results = {
  date: started.toISOString(),
  machine,
  runs: RUNS,
  wallSeconds,
  scenarios: outcomes,
};

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('./results/latest.md', import.meta.url), table);
process.stdout.write(table);
if (Object.values(outcomes).some((o) => o.errors.length > 0)) process.exitCode = 1;
