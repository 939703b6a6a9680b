import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { engineBaseDir, engineFolder, readOwner, readPid } from './engine-folder.ts';
import { stopDaemon } from './owned-dockerd.ts';
import { isRunning, startTime } from './processes.ts';

// A folder without an owner stamp is either being created right now or left by a
// crash between mkdir and stamp; only the latter is old.
const UNSTAMPED_GRACE_MS = 60_000;

function ownerAlive(dir: string): boolean {
  const owner = readOwner(dir);
  if (owner === undefined) {
    try {
      return Date.now() - statSync(dir).mtimeMs < UNSTAMPED_GRACE_MS;
    } catch {
      return true; // already gone: nothing to sweep
    }
  }
  return isRunning(owner.pid) && startTime(owner.pid) === owner.startTime;
}

/**
 * Stops the engines left behind by earlier runs that crashed or were killed
 * before they could stop them. Engines whose owner still runs belong to another
 * live run (a benchmark beside the tests, say) and are left alone.
 */
export async function stopStaleEngines(): Promise<string[]> {
  let entries: string[];
  try {
    entries = readdirSync(engineBaseDir());
  } catch {
    return [];
  }
  const stale = entries.map((entry) => join(engineBaseDir(), entry)).filter((dir) => !ownerAlive(dir));
  await Promise.all(
    stale.map((dir) => {
      const folder = engineFolder(dir);
      return stopDaemon({ ...folder, pid: readPid(folder.pidFile) });
    }),
  );
  return stale;
}

let sweep: Promise<string[]> | undefined;

/** Sweeps once per process, before its first engine starts. */
export function stopStaleEnginesOnce(): Promise<string[]> {
  sweep ??= stopStaleEngines();
  return sweep;
}
