import { readFileSync } from 'node:fs';

const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/<pid>/stat counts CPU time in 1/100 s.

/** CPU seconds (user + system) a process has used so far, from /proc. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / CLOCK_TICKS;
}

/**
 * Resident memory of a process in bytes: now, at its peak, and split the way /proc reports it:
 * `anon` is the process's own (heap, JIT code, buffers), `file` is mapped files (mostly the node
 * binary's code and read-only data), shared with every other node process on the host.
 */
export function memory(pid: number): { rss: number; peakRss: number; anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peakRss: kb('VmHWM'), anon: kb('RssAnon'), file: kb('RssFile') };
}
