import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

// `node bench/profile-top.ts <file.cpuprofile | folder> [count]`: the functions with the most
// self time in V8 CPU profiles (as written by --cpu-prof, e.g. with BOSUN_BENCH_CPU_PROF=<folder>
// during `npm run bench`), so a missed target can be traced to where the time went.

type Node = {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
};
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

function top(file: string, count: number): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time per node from the sample timeline (hitCount alone ignores uneven sample spacing).
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]!;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const byFunction = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const where = url
      ? `${url.replace(/^file:\/\/.*?\/(node_modules|packages)\//, '$1/')}:${lineNumber + 1}`
      : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    total += us;
  }
  const idle = byFunction.get('(idle)') ?? 0;
  const busy = total - idle;
  const rows = [...byFunction.entries()]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([k, us]) =>
        `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${(us / 1e6).toFixed(2).padStart(7)} s  ${k}`,
    );
  const head = `${file}: ${(total / 1e6).toFixed(1)} s profiled, ${(busy / 1e6).toFixed(1)} s busy (% of busy)`;
  return [head, ...rows].join('\n');
}

const [target, countArg] = process.argv.slice(2);
if (!target) {
  process.stderr.write('usage: node bench/profile-top.ts <file.cpuprofile | folder> [count]\n');
  process.exit(2);
}
const files = statSync(target).isDirectory()
  ? readdirSync(target)
      .filter((f) => f.endsWith('.cpuprofile'))
      .map((f) => join(target, f))
  : [target];
for (const file of files) process.stdout.write(`${top(file, Number(countArg ?? 25))}\n\n`);
