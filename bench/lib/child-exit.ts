import type { ChildProcess } from 'node:child_process';

/** Resolves once the child has exited (at once if it already has). */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** SIGTERM, then SIGKILL if it is still there after `graceMs`; resolves once it is gone. */
export async function stopChild(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited(child);
  clearTimeout(timer);
}

/** Node flags that write a CPU profile into `dir` when the process exits (none without a dir). */
export function cpuProfileFlags(dir: string | undefined, name: string): string[] {
  return dir
    ? ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-name', `${name}-${Date.now()}.cpuprofile`]
    : [];
}

const live = new Map<ChildProcess, (() => void) | undefined>();
process.once('exit', () => {
  for (const [child, cleanup] of live) {
    child.kill('SIGKILL');
    cleanup?.();
  }
});

/**
 * Kills `child` (and runs `cleanup`, synchronously) if this process exits first: a bench that
 * crashed or was interrupted must not leave managers, agents and load processes running.
 */
export function reap(child: ChildProcess, cleanup?: () => void): ChildProcess {
  live.set(child, cleanup);
  child.once('exit', () => live.delete(child));
  return child;
}
