import { setTimeout as delay } from 'node:timers/promises';
import { cpuSeconds, memory } from './proc-stats.ts';
import { median } from './report.ts';

const MIB = 2 ** 20;

/** Resident memory in MiB, as `memory` splits it. */
export type ResidentMiB = { rss: number; anon: number; file: number };

export function residentMiB(pid: number): ResidentMiB {
  const { rss, anon, file } = memory(pid);
  return { rss: round(rss / MIB), anon: round(anon / MIB), file: round(file / MIB) };
}

export type Window = {
  seconds: number;
  cpuSeconds: number;
  /** CPU time over wall time, in percent of one core. */
  cpuPercent: number;
  /** One sample a second, the first at the window's start. */
  samples: ResidentMiB[];
  medianRssMiB: number;
  maxRssMiB: number;
};

/** Samples a process's memory every second for `seconds` and its CPU time over the whole window. */
export async function measureWindow(pid: number, seconds: number): Promise<Window> {
  const samples: ResidentMiB[] = [];
  const cpuBefore = cpuSeconds(pid);
  const startedAt = performance.now();
  for (let i = 0; i < seconds; i++) {
    samples.push(residentMiB(pid));
    await delay(1000);
  }
  const wall = (performance.now() - startedAt) / 1000;
  const cpu = cpuSeconds(pid) - cpuBefore;
  samples.push(residentMiB(pid));
  const rss = samples.map((s) => s.rss);
  return {
    seconds: round(wall),
    cpuSeconds: round(cpu),
    cpuPercent: round((cpu / wall) * 100),
    samples,
    medianRssMiB: median(rss),
    maxRssMiB: Math.max(...rss),
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
