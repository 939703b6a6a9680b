import { mkdirSync, writeFileSync } from 'node:fs';
import { machineFacts } from './lib/machine.ts';
import { type AgentFollowResult, agentFollow } from './scenarios/agent-follow.ts';

// `npm run bench`: runs every scenario against real parts, writes
// bench/results/latest.json and latest.md. Figures are reported, never
// asserted: a slow run prints slow numbers, it does not fail.

const RUNS = Number(process.env.BOSUN_BENCH_RUNS ?? 3);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: number[]): string {
  return `${Math.min(...values)}–${Math.max(...values)}`;
}

const follow: AgentFollowResult[] = [];
for (let i = 0; i < RUNS; i++) {
  process.stderr.write(`agent-follow run ${i + 1}/${RUNS}…\n`);
  follow.push(await agentFollow());
}

const pick = (f: (r: (typeof follow)[number]) => number) => follow.map(f);
const agentLps = pick((r) => r.agent.linesPerSecond);
const bareLps = pick((r) => r.bareDockerClient.linesPerSecond);
const cpu = pick((r) => r.agent.cpuSecondsPerMillionLines);
const peak = pick((r) => r.agent.peakRssMiB);
const idle = pick((r) => r.agent.idleRssMiB);

const results = {
  date: new Date().toISOString(),
  machine: machineFacts(),
  runs: RUNS,
  scenarios: { agentFollow: follow },
};

const rows = [
  [
    'Agent follow: lines/s through the agent',
    median(agentLps),
    spread(agentLps),
    `${(median(agentLps) / median(bareLps)).toFixed(2)}× bare`,
  ],
  ['Agent follow: lines/s, bare Docker API client', median(bareLps), spread(bareLps), '1.00×'],
  ['Agent CPU-s per million lines', median(cpu), spread(cpu), ''],
  ['Agent peak RSS while following (MiB)', median(peak), spread(peak), ''],
  [
    'Agent idle RSS (MiB)',
    median(idle),
    spread(idle),
    idle.length && median(idle) <= 60 ? 'target ≤ 60: met' : 'target ≤ 60: missed',
  ],
];
const m = results.machine;
const table = [
  `Measured ${results.date.slice(0, 10)} on ${m.cores} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.docker}; median of ${RUNS} runs.`,
  '',
  '| measure | median | spread | vs baseline |',
  '|---|---:|---:|---|',
  ...rows.map((r) => `| ${r.join(' | ')} |`),
  '',
].join('\n');

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/latest.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(new URL('./results/latest.md', import.meta.url), table);
process.stdout.write(table);
