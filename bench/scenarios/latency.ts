import { bareFollow } from '../lib/bare-follow.ts';
import { nowMs } from '../lib/docker-time.ts';
import { LatencyHistogram } from '../lib/histogram.ts';
import { go, pacedCommand } from '../lib/line-scripts.ts';
import type { Measure, ScenarioRun } from '../lib/report.ts';
import { startStreamBed } from '../lib/stream-bed.ts';

// A container printing one line every 10 ms, each carrying its write time; for each line, the
// time from that write to its receipt by one WebSocket viewer (agent → manager → /ws/logs),
// against the same for a bare Docker API client following the same container in the same run.
// BOSUN_BENCH_LATENCY_SECONDS changes the duration.

const PER_SECOND = 100;
const SECONDS = Number(process.env.BOSUN_BENCH_LATENCY_SECONDS ?? 10);

export async function latency(): Promise<ScenarioRun> {
  const lines = PER_SECOND * SECONDS;
  const bed = await startStreamBed();
  try {
    const c = await bed.container('latency', pacedCommand(PER_SECOND, lines));
    const fleet = bed.viewers(c.name, { viewers: 1, last: lines, stallMs: 5000, latencyFrom: 'write' });
    const bare = await bareFollow(c.container, lines, 'write');
    try {
      await Promise.all([fleet.ready, bare.ready()]);
      const startedAt = nowMs();
      await go(c.container);
      const result = await fleet.result;
      await bare.done(30_000);
      const viewer = LatencyHistogram.fromSparse(result.latency).summary();
      const base = bare.latency.summary();
      const measures: Measure[] = [
        { name: 'write → viewer p50', unit: 'ms', value: viewer.p50, baseline: base.p50 },
        {
          name: 'write → viewer p99',
          unit: 'ms',
          value: viewer.p99,
          baseline: base.p99,
          target: [
            { op: '<=', value: 25 },
            { op: '<=', value: 5, of: 'excess' },
          ],
        },
        { name: 'write → viewer max', unit: 'ms', value: viewer.max, baseline: base.max },
        {
          name: 'lines not received',
          unit: 'lines',
          value: lines - result.totals.lines,
        },
      ];
      return {
        measures,
        raw: {
          lines,
          linesPerSecond: Math.round(lines / ((bare.doneAt - startedAt) / 1000)),
          viewer: { ...viewer, totals: result.totals },
          bareDockerClient: base,
        },
      };
    } finally {
      bare.stop();
      await fleet.stop();
    }
  } finally {
    await bed.close();
  }
}
