import { bareFollow } from '../lib/bare-follow.ts';
import { nowMs } from '../lib/docker-time.ts';
import { LatencyHistogram } from '../lib/histogram.ts';
import { go, pacedCommand } from '../lib/line-scripts.ts';
import { cpuSeconds, memory } from '../lib/proc-stats.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { type StreamBed, startStreamBed } from '../lib/stream-bed.ts';

// One stream at 1,000 lines/s to 1, 10, 100 and 500 WebSocket viewers (a fresh container per
// step): does every viewer get every line, how late (the write time each line carries → receipt, p99), and what the
// manager spends. The viewers run in a load process of their own (viewer-load.ts) whose CPU is
// reported, so a saturated load process shows as such instead of passing for a slow manager.
// BOSUN_BENCH_FANOUT_VIEWERS (e.g. "1,10,100,500") and BOSUN_BENCH_FANOUT_SECONDS change the steps.

const PER_SECOND = 1000;
const SECONDS = Number(process.env.BOSUN_BENCH_FANOUT_SECONDS ?? 5);
const STEPS = (process.env.BOSUN_BENCH_FANOUT_VIEWERS ?? '1,10,100,500').split(',').map(Number);
// For diagnosis only: write the lines due every this many ms instead of every 1 ms (fewer,
// larger batches from the same line rate).
const TICK_MS = Number(process.env.BOSUN_BENCH_FANOUT_TICK_MS ?? 1);
const MiB = 2 ** 20;

async function step(bed: StreamBed, viewers: number) {
  const lines = PER_SECOND * SECONDS;
  const c = await bed.container(`fan-${viewers}`, pacedCommand(PER_SECOND, lines, TICK_MS));
  const fleet = bed.viewers(c.name, { viewers, last: lines, stallMs: 10_000, latencyFrom: 'write' });
  const bare = await bareFollow(c.container, lines, 'write');
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, memory(bed.manager.pid).rss);
  }, 100);
  try {
    await Promise.all([fleet.ready, bare.ready()]);
    const cpu = () => ({ manager: cpuSeconds(bed.manager.pid), load: fleet.cpuSeconds() });
    const before = cpu();
    const startedAt = nowMs();
    await go(c.container);
    const result = await fleet.result;
    const after = cpu();
    await bare.done(60_000);
    const windowS = ((result.lastDoneAt || result.lastLineAt) - startedAt) / 1000;
    return {
      viewers,
      lines,
      complete: result.complete,
      viewersWithGaps: result.viewersWithGaps,
      viewersMissingLines: result.viewersMissingLines,
      totals: result.totals,
      linesPerFrame: Number((result.totals.lines / Math.max(1, result.totals.frames)).toFixed(2)),
      latency: LatencyHistogram.fromSparse(result.latency).summary(),
      bareLatency: bare.latency.summary(),
      seconds: Number(windowS.toFixed(2)),
      managerCores: Number(((after.manager - before.manager) / windowS).toFixed(2)),
      loadProcessCores: Number(((after.load - before.load) / windowS).toFixed(2)),
      managerPeakRssMiB: Number((Math.max(peakRss, memory(bed.manager.pid).rss) / MiB).toFixed(1)),
    };
  } finally {
    clearInterval(sampler);
    bare.stop();
    await fleet.stop();
  }
}

export async function fanOut(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  try {
    const steps = [];
    for (const viewers of STEPS) steps.push(await step(bed, viewers));
    const measures: Measure[] = steps.flatMap((s) => {
      const at = `${s.viewers} viewer${s.viewers === 1 ? '' : 's'}`;
      return [
        {
          name: `${at}: viewers with every line`,
          unit: 'viewers',
          value: s.complete,
          target: { op: '>=', value: s.viewers },
        },
        { name: `${at}: lines lost (gap markers), all viewers`, unit: 'lines', value: s.totals.gapLines },
        { name: `${at}: lines missing without a gap, all viewers`, unit: 'lines', value: s.totals.missing },
        {
          name: `${at}: write → viewer p99`,
          unit: 'ms',
          value: s.latency.p99,
          baseline: s.bareLatency.p99,
          target: { op: '<=', value: 100 },
        },
        { name: `${at}: manager CPU`, unit: 'cores', value: s.managerCores },
        { name: `${at}: manager peak RSS`, unit: 'MiB', value: s.managerPeakRssMiB },
        { name: `${at}: viewer load processes CPU`, unit: 'cores', value: s.loadProcessCores },
      ] satisfies Measure[];
    });
    return { measures, raw: { perSecond: PER_SECOND, tickMs: TICK_MS, steps } };
  } finally {
    await bed.close();
  }
}
