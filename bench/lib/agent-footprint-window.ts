import { readFileSync } from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { cpuSeconds } from './proc-stats.ts';
import { median } from './report.ts';

const MIB = 2 ** 20;

/**
 * Resident memory split the way /proc reports it: `anon` is the process's own
 * (heap, JIT code, buffers), `file` is mapped files (mostly the node binary's
 * code and read-only data), shared with every other node process on the host.
 */
export type ResidentMiB = { rss: number; anon: number; file: number };

export function residentMiB(pid: number): ResidentMiB {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (key: string) =>
    round((Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) * 1024) / MIB);
  return { rss: mib('VmRSS'), anon: mib('RssAnon'), file: mib('RssFile') };
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
