import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpuProfileFlags, exited, reap } from './child-exit.ts';
import { LatencyHistogram } from './histogram.ts';
import { cpuSeconds } from './proc-stats.ts';
import type { ViewerLoadResult, ViewerLoadSpec } from './viewer-load.ts';

const SCRIPT = fileURLToPath(new URL('./viewer-load.ts', import.meta.url));
// Generous: 500 viewers connect and subscribe in a few seconds; a stream that never starts must
// not hang the run.
const READY_TIMEOUT_MS = 120_000;
// Viewers per load process. One process parsing every frame of 500 viewers saturated its one
// thread (0.87 of a core at 1,000 lines/s, measured), and its own backlog then passed for
// manager latency; 200 each keeps every load process well below a core.
const VIEWERS_PER_PROCESS = 200;

export type ViewerFleet = {
  /** CPU seconds used so far by all load processes together. */
  cpuSeconds(): number;
  /** Resolves when every viewer is subscribed and has the container's "ready" line. */
  ready: Promise<void>;
  /** Resolves when every viewer has every line accounted for, or progress stalled. */
  result: Promise<ViewerLoadResult>;
  /** Waits briefly for them to exit by themselves (they do after their result; a CPU profile is written then), else kills them. */
  stop(): Promise<void>;
};

type Load = {
  child: ChildProcess;
  ready: Promise<void>;
  result: Promise<ViewerLoadResult>;
  /** The CPU it reported with its result: it exits right after, and /proc forgets it. */
  finalCpuSeconds?: number;
};

function startLoad(spec: ViewerLoadSpec): Load {
  const child: ChildProcess = fork(SCRIPT, [JSON.stringify(spec)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...cpuProfileFlags(process.env.BOSUN_BENCH_CPU_PROF, 'viewers')],
  });
  reap(child);
  const died = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`viewer load process exited (${code ?? signal})`)));
    child.once('error', reject);
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${spec.viewers} viewers were not all live within ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS,
    );
    child.on('message', (m: { type: string }) => {
      if (m.type !== 'ready') return;
      clearTimeout(timer);
      resolve();
    });
  });
  const result = new Promise<ViewerLoadResult>((resolve) => {
    child.on('message', (m: { type: string; result?: ViewerLoadResult }) => {
      if (m.type === 'result') resolve(m.result!);
    });
  });
  // Whichever comes first: the answer, or the process dying without one. A scenario that failed
  // before awaiting one of them must not turn its rejection into an unhandled one.
  const guarded = <T>(p: Promise<T>) => {
    const raced = Promise.race([p, died]);
    raced.catch(() => {});
    return raced;
  };
  died.catch(() => {});
  const load: Load = { child, ready: guarded(ready), result: guarded(result) };
  void load.result.then((r) => {
    load.finalCpuSeconds = r.cpuSeconds;
  });
  return load;
}

/** The results of several load processes as one: counts summed, latencies merged. */
export function mergeResults(results: readonly ViewerLoadResult[]): ViewerLoadResult {
  const sum = (pick: (r: ViewerLoadResult) => number) => results.reduce((n, r) => n + pick(r), 0);
  const latency = new LatencyHistogram();
  for (const r of results) latency.merge(LatencyHistogram.fromSparse(r.latency));
  const totals = Object.fromEntries(
    Object.keys(results[0]!.totals).map((key) => [
      key,
      sum((r) => r.totals[key as keyof ViewerLoadResult['totals']]),
    ]),
  ) as ViewerLoadResult['totals'];
  return {
    viewers: sum((r) => r.viewers),
    complete: sum((r) => r.complete),
    viewersWithGaps: sum((r) => r.viewersWithGaps),
    viewersMissingLines: sum((r) => r.viewersMissingLines),
    totals,
    firstDoneAt: Math.min(...results.map((r) => r.firstDoneAt)),
    lastDoneAt: results.some((r) => r.lastDoneAt === 0) ? 0 : Math.max(...results.map((r) => r.lastDoneAt)),
    lastLineAt: Math.max(...results.map((r) => r.lastLineAt)),
    latency: latency.toSparse(),
    cpuSeconds: sum((r) => r.cpuSeconds),
  };
}

/** Starts `spec.viewers` counting viewers in load processes of their own (profiled like the manager). */
export function startViewerFleet(spec: ViewerLoadSpec): ViewerFleet {
  const processes = Math.max(1, Math.ceil(spec.viewers / VIEWERS_PER_PROCESS));
  const loads = Array.from({ length: processes }, (_, i) => {
    const viewers = Math.floor(spec.viewers / processes) + (i < spec.viewers % processes ? 1 : 0);
    return startLoad({ ...spec, viewers });
  });
  const all = <T>(pick: (load: Load) => Promise<T>) => {
    const joined = Promise.all(loads.map(pick));
    joined.catch(() => {});
    return joined;
  };
  const result = all((l) => l.result).then(mergeResults);
  result.catch(() => {});
  return {
    cpuSeconds: () => loads.reduce((n, l) => n + (l.finalCpuSeconds ?? cpuSeconds(l.child.pid!)), 0),
    ready: all((l) => l.ready).then(() => undefined),
    result,
    stop: async () => {
      await Promise.all(
        loads.map(async ({ child }) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          await exited(child);
          clearTimeout(timer);
        }),
      );
    },
  };
}
