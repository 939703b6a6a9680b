import type { KeyStorage } from './storage-manager-key.ts';

const HOUR_MS = 3600 * 1000;
const LAST_RUN = 'chores-last-run-at';

/**
 * Housekeeping the Node manager runs on an hourly timer (deleting expired sessions, pruning the
 * audit log past its bounds), run here as the object starts when the last run is an hour old or
 * more. A timer would not do: a timer of an hour is lost each time the object sleeps, and with
 * agents connected it wakes every minute or so, so the timer would never ring. Started, not
 * awaited: the object serves at once; a failure is logged and retried at a later start.
 */
export async function runHourlyChores(
  storage: KeyStorage,
  now: number,
  chores: Array<() => Promise<unknown>>,
  onError: (error: unknown) => void,
): Promise<void> {
  const last = (await storage.get<number>(LAST_RUN)) ?? 0;
  if (now - last < HOUR_MS) return;
  await storage.put(LAST_RUN, now);
  for (const chore of chores) {
    chore().catch(onError);
  }
}
