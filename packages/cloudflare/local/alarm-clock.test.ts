import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ALARM_TIMER_MS, AlarmClock } from '../src/runtime/alarm-clock.ts';

const START = Date.UTC(2026, 10, 25, 3, 0, 0);
const MINUTE = 60_000;

/** A clock over a storage that records each alarm it is asked to set. */
function alarmClock(setAlarm: (at: number) => Promise<void> = async () => {}) {
  const alarms: number[] = [];
  const errors: unknown[] = [];
  const storage = {
    setAlarm: (at: number) => {
      alarms.push(at);
      return setAlarm(at);
    },
  };
  return { clock: new AlarmClock(storage, (error) => errors.push(error)), alarms, errors };
}

beforeEach(() => {
  vi.useFakeTimers({ now: START });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AlarmClock', () => {
  it('runs short timers on the runtime’s own timers, with no alarm', () => {
    const { clock, alarms } = alarmClock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('short'), ALARM_TIMER_MS - 1);
    const cleared = clock.setTimeout(() => ran.push('cleared'), 10);
    clock.clearTimeout(cleared);
    expect(clock.pending).toBe(0);
    vi.advanceTimersByTime(ALARM_TIMER_MS - 2);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['short']);
    expect(alarms).toEqual([]);
  });

  it('leaves long timers to the alarm: no runtime timer holds the object awake, fire() runs them', () => {
    const { clock, alarms } = alarmClock();
    const ran: string[] = [];
    clock.setTimeout(() => ran.push('long'), ALARM_TIMER_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect(clock.pending).toBe(1);
    expect(alarms).toEqual([START + ALARM_TIMER_MS]);
    vi.advanceTimersByTime(10 * MINUTE);
    expect(ran).toEqual([]);
    clock.fire();
    expect(ran).toEqual(['long']);
    expect(clock.pending).toBe(0);
  });

  it('keeps one storage alarm, for the earliest long timer, and sets it for the next after each ring', () => {
    const { clock, alarms } = alarmClock();
    const ran: number[] = [];
    for (const minutes of [2, 1, 3]) clock.setTimeout(() => ran.push(minutes), minutes * MINUTE);
    expect(alarms).toEqual([START + 2 * MINUTE, START + MINUTE]);

    vi.setSystemTime(START + MINUTE);
    clock.fire();
    expect(ran).toEqual([1]);
    expect(alarms.at(-1)).toBe(START + 2 * MINUTE);

    // An alarm that rings early runs nothing and is set again for the same timer.
    vi.setSystemTime(START + 90_000);
    clock.fire();
    expect(ran).toEqual([1]);
    expect(alarms.at(-1)).toBe(START + 2 * MINUTE);

    vi.setSystemTime(START + 3 * MINUTE);
    clock.fire();
    expect(ran).toEqual([1, 2, 3]);
    expect(clock.pending).toBe(0);
    const set = alarms.length;
    clock.fire();
    expect(alarms).toHaveLength(set);
  });

  it('never runs a cleared timer; the alarm left for it rings for nothing', () => {
    const { clock, alarms } = alarmClock();
    const ran: string[] = [];
    const first = clock.setTimeout(() => ran.push('first'), MINUTE);
    clock.setTimeout(() => ran.push('second'), 2 * MINUTE);
    clock.clearTimeout(first);
    expect(clock.pending).toBe(1);
    vi.setSystemTime(START + MINUTE);
    clock.fire();
    expect(ran).toEqual([]);
    expect(alarms.at(-1)).toBe(START + 2 * MINUTE);
    vi.setSystemTime(START + 2 * MINUTE);
    clock.fire();
    expect(ran).toEqual(['second']);
  });

  it('reports a timer that throws and runs the others that are due', () => {
    const { clock, errors } = alarmClock();
    const ran: string[] = [];
    const failure = new Error('boom');
    clock.setTimeout(() => {
      throw failure;
    }, MINUTE);
    clock.setTimeout(() => ran.push('after'), MINUTE);
    vi.setSystemTime(START + MINUTE);
    clock.fire();
    expect(errors).toEqual([failure]);
    expect(ran).toEqual(['after']);
  });

  it('reports a storage that refuses the alarm, and asks again with the next timer', async () => {
    const refusal = new Error('storage unavailable');
    let refuse = true;
    const { clock, alarms, errors } = alarmClock(async () => {
      if (refuse) throw refusal;
    });
    clock.setTimeout(() => {}, MINUTE);
    await vi.waitFor(() => expect(errors).toEqual([refusal]));
    refuse = false;
    clock.setTimeout(() => {}, 2 * MINUTE);
    expect(alarms).toEqual([START + MINUTE, START + MINUTE]);
  });
});
