import type { LatencyFrom } from './docker-time.ts';
import { LatencyHistogram } from './histogram.ts';
import { CountingViewer, type ViewerCounts } from './log-viewer.ts';

// The viewers' own process (forked by viewer-fleet.ts): hundreds of sockets parsing every frame
// cost CPU that must not be charged to the bench process's bare Docker client, nor slow it.
// Argument: the JSON of ViewerLoadSpec. Messages out: {type:'ready'} once every viewer is
// live, then {type:'result'} once every viewer has every line accounted for or progress stalled.

export type ViewerLoadSpec = {
  url: string;
  token: string;
  agent: string;
  container: string;
  viewers: number;
  last: number;
  /** Give up waiting when no viewer made progress for this long. */
  stallMs: number;
  /** Latency from each line's Docker stamp (default) or from the write time it carries. */
  latencyFrom?: LatencyFrom;
};

export type ViewerLoadResult = {
  viewers: number;
  /** Viewers that got every line exactly once, with no gap. */
  complete: number;
  viewersWithGaps: number;
  viewersMissingLines: number;
  totals: Omit<ViewerCounts, 'doneAt' | 'lastAt'>;
  /** Wall-clock ms when the first and the last viewer had all lines accounted for (0: some never did). */
  firstDoneAt: number;
  lastDoneAt: number;
  /** Wall-clock ms of the last line any viewer counted. */
  lastLineAt: number;
  latency: ReturnType<LatencyHistogram['toSparse']>;
  /** CPU the load process used from its start to its result (it exits right after). */
  cpuSeconds: number;
};

const CONNECT_CONCURRENCY = 50;

function cpuSecondsSoFar(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

async function main(spec: ViewerLoadSpec): Promise<void> {
  const latency = new LatencyHistogram();
  const viewers: CountingViewer[] = [];
  for (let i = 0; i < spec.viewers; i += CONNECT_CONCURRENCY) {
    const batch = Math.min(CONNECT_CONCURRENCY, spec.viewers - i);
    const opened = await Promise.all(
      Array.from({ length: batch }, () =>
        CountingViewer.open(spec.url, spec.token, spec.last, latency, spec.latencyFrom),
      ),
    );
    await Promise.all(opened.map((v) => v.subscribe(spec.agent, spec.container)));
    viewers.push(...opened);
  }
  process.send!({ type: 'ready' });

  let progress = -1;
  let progressAt = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = viewers.reduce((n, v) => n + v.counts.lines + v.counts.gapLines, 0);
      if (now !== progress) {
        progress = now;
        progressAt = performance.now();
      }
      if (viewers.every((v) => v.done) || performance.now() - progressAt > spec.stallMs) {
        clearInterval(timer);
        resolve();
      }
    }, 50);
  });

  const counts = viewers.map((v) => v.finish());
  const sum = (key: keyof Omit<ViewerCounts, 'doneAt' | 'lastAt'>) => counts.reduce((n, c) => n + c[key], 0);
  const done = counts.map((c) => c.doneAt);
  const result: ViewerLoadResult = {
    viewers: viewers.length,
    complete: counts.filter((c) => c.lines === spec.last && c.duplicates === 0 && c.gapLines === 0).length,
    viewersWithGaps: counts.filter((c) => c.gaps > 0).length,
    viewersMissingLines: counts.filter((c) => c.missing > 0).length,
    totals: {
      lines: sum('lines'),
      duplicates: sum('duplicates'),
      gapLines: sum('gapLines'),
      gaps: sum('gaps'),
      missing: sum('missing'),
      outOfOrder: sum('outOfOrder'),
      frames: sum('frames'),
    },
    firstDoneAt: Math.min(...done),
    lastDoneAt: done.includes(0) ? 0 : Math.max(...done),
    lastLineAt: Math.max(...counts.map((c) => c.lastAt)),
    latency: latency.toSparse(),
    cpuSeconds: cpuSecondsSoFar(),
  };
  for (const v of viewers) v.close();
  process.send!({ type: 'result', result }, () => process.exit(0));
}

// A bench that died must not leave hundreds of sockets behind.
process.on('disconnect', () => process.exit(1));
await main(JSON.parse(process.argv[2]!) as ViewerLoadSpec);
