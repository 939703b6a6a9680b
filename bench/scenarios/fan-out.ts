import { fanOutStep } from '../lib/fan-out-step.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { startStreamBed } from '../lib/stream-bed.ts';

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

export async function fanOut(): Promise<ScenarioRun> {
  const bed = await startStreamBed();
  try {
    const steps = [];
    for (const viewers of STEPS)
      steps.push(
        await fanOutStep(bed, { viewers, perSecond: PER_SECOND, seconds: SECONDS, tickMs: TICK_MS }),
      );
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
