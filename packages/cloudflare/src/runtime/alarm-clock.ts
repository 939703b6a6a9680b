import type { Clock, TimerHandle } from '@bosun/hub';

/** The part of a Durable Object's storage the clock uses. */
export type AlarmStorage = { setAlarm(scheduledTime: number): Promise<void> };

/**
 * A timer this long or longer goes to the object's alarm instead of a runtime timer. A pending
 * runtime timer keeps the object awake, and the runtime hibernates an object after about ten
 * seconds with nothing to do: the timers that stand for an idle wait (an agent's silence
 * deadline, the audit log's prune) must not hold it up; short ones (a cursor flush, a linger, a
 * drain tick) are work in progress, which the object finishes before it sleeps.
 */
export const ALARM_TIMER_MS = 10_000;

type AlarmTimer = { at: number; fn: () => void };

/**
 * The hub's Clock on a Durable Object: short timers are the runtime's, long ones wait for the
 * object's alarm (`fire`, from the object's `alarm()` handler), which wakes a hibernated object.
 * A woken object has lost the long timers with the rest of its memory; the hub's state is taken
 * over again (`Hub.resumeAgent`) and sets the timers that still matter afresh, and an alarm with
 * nothing left due does nothing.
 */
export class AlarmClock implements Clock {
  readonly #storage: AlarmStorage;
  readonly #onError: (error: unknown) => void;
  readonly #alarms = new Set<AlarmTimer>();
  #armedAt: number | undefined;

  constructor(storage: AlarmStorage, onError: (error: unknown) => void) {
    this.#storage = storage;
    this.#onError = onError;
  }

  now(): number {
    return Date.now();
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    if (ms < ALARM_TIMER_MS) return { runtime: globalThis.setTimeout(fn, ms) } as unknown as TimerHandle;
    const timer: AlarmTimer = { at: this.now() + ms, fn };
    this.#alarms.add(timer);
    this.#arm();
    return timer as unknown as TimerHandle;
  }

  clearTimeout(handle: TimerHandle): void {
    const value = handle as unknown as AlarmTimer | { runtime: ReturnType<typeof setTimeout> };
    if ('runtime' in value) globalThis.clearTimeout(value.runtime);
    else this.#alarms.delete(value);
  }

  /** Long timers waiting for the alarm. */
  get pending(): number {
    return this.#alarms.size;
  }

  /** The object's alarm rang: runs what is due and sets the alarm for what is left. */
  fire(): void {
    this.#armedAt = undefined;
    const now = this.now();
    for (const timer of [...this.#alarms]) {
      if (timer.at > now || !this.#alarms.has(timer)) continue;
      this.#alarms.delete(timer);
      try {
        timer.fn();
      } catch (error) {
        this.#onError(error);
      }
    }
    this.#arm();
  }

  // One storage alarm, for the earliest long timer; a later one waits for the next ring. An
  // alarm left for a timer since cleared rings for nothing.
  #arm(): void {
    let earliest: number | undefined;
    for (const timer of this.#alarms) if (earliest === undefined || timer.at < earliest) earliest = timer.at;
    if (earliest === undefined || (this.#armedAt !== undefined && this.#armedAt <= earliest)) return;
    this.#armedAt = earliest;
    this.#storage.setAlarm(earliest).catch((error: unknown) => {
      // No alarm was set: the next timer set (or ring) tries again rather than trusting it.
      if (this.#armedAt === earliest) this.#armedAt = undefined;
      this.#onError(error);
    });
  }
}
