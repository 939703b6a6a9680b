import { readdirSync, readFileSync } from 'node:fs';

// Linux /proc helpers. The kit only starts its own engines on Linux as root, so
// these never run anywhere else.

/** The fields of /proc/<pid>/stat after the command name, or undefined if there is no such process. */
function statFields(pid: number): string[] | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name is in parentheses and may itself hold spaces or parentheses.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * True while the process exists and is not a zombie. A zombie has exited but
 * nobody reaped it (in containers PID 1 often never does), and `kill(pid, 0)`
 * still succeeds on it, so that test alone would wait forever.
 */
export function isRunning(pid: number): boolean {
  const state = statFields(pid)?.[0];
  return state !== undefined && state !== 'Z' && state !== 'X';
}

/** Clock ticks since boot at which the process started: with the PID, it names a process for good. */
export function startTime(pid: number): string | undefined {
  return statFields(pid)?.[19];
}

export function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

function allPids(): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number);
}

/** Running processes whose command line contains `text`, e.g. an engine's folder. */
export function processesMentioning(text: string): number[] {
  return allPids().filter((pid) => pid !== process.pid && isRunning(pid) && commandLine(pid).includes(text));
}

/** The given processes and all their descendants, parents first. */
export function withDescendants(roots: number[]): number[] {
  const children = new Map<number, number[]>();
  for (const pid of allPids()) {
    const parent = Number(statFields(pid)?.[1]);
    if (!Number.isFinite(parent)) continue;
    children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const seen = new Set<number>();
  const queue = [...roots];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    if (seen.has(pid)) continue;
    seen.add(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

/** The process's resident set size in bytes (VmRSS), or undefined if there is no such process. */
export function rssBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  return kib === undefined ? undefined : Number(kib) * 1024;
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
