import { bareFollow } from './bare-follow.ts';
import { nowMs } from './docker-time.ts';
import { LatencyHistogram } from './histogram.ts';
import { go, pacedCommand } from './line-scripts.ts';
import { cpuSeconds, memory } from './proc-stats.ts';
import type { BedManager, StreamBed } from './stream-bed.ts';

const MiB = 2 ** 20;

/** One fan-out step: a fresh container printing `perSecond` lines for `seconds` to `viewers`. */
export type FanOutStepSpec = {
  viewers: number;
  perSecond: number;
  seconds: number;
  /** Lines due are written together every this many ms (see `pacedCommand`). */
  tickMs?: number;
};

/** What one step measured: the viewers' counts and latency, and what the manager spent. */
export type FanOutStep = Awaited<ReturnType<typeof fanOutStep>>;

/**
 * Streams one paced container (each line carrying its write time) to `viewers` WebSocket viewers
 * in load processes of their own, beside a bare Docker API client on the same container: does
 * every viewer get every line, how late (write → receipt), and the manager's CPU and peak RSS
 * over the window from the first line to the last viewer's last.
 */
export async function fanOutStep(bed: StreamBed<BedManager>, spec: FanOutStepSpec) {
  const { viewers, perSecond, seconds, tickMs = 1 } = spec;
  const lines = perSecond * seconds;
  const c = await bed.container(`fan-${viewers}`, pacedCommand(perSecond, lines, tickMs));
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
