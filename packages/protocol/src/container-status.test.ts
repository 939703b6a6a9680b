import { describe, expect, it } from 'vitest';
import { describeStatus, humanDuration, type StatusFacts } from './container-status.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

describe('humanDuration', () => {
  // The boundaries of Docker's go-units HumanDuration, case by case.
  it.each([
    [0, 'Less than a second'],
    [450, 'Less than a second'],
    [999, 'Less than a second'],
    [-5 * SECOND, 'Less than a second'],
    [1 * SECOND, '1 second'],
    [1 * SECOND + 999, '1 second'],
    [2 * SECOND, '2 seconds'],
    [45 * SECOND, '45 seconds'],
    [59 * SECOND + 999, '59 seconds'],
    [60 * SECOND, 'About a minute'],
    [119 * SECOND, 'About a minute'],
    [2 * MINUTE, '2 minutes'],
    [35 * MINUTE + 40 * SECOND, '35 minutes'],
    [59 * MINUTE + 59 * SECOND, '59 minutes'],
    [1 * HOUR, 'About an hour'],
    [1 * HOUR + 29 * MINUTE, 'About an hour'],
    [1 * HOUR + 30 * MINUTE, '2 hours'],
    [1 * HOUR + 31 * MINUTE, '2 hours'],
    [3 * HOUR + 29 * MINUTE, '3 hours'],
    [3 * HOUR + 31 * MINUTE, '4 hours'],
    [24 * HOUR, '24 hours'],
    [1 * DAY + 12 * HOUR, '36 hours'],
    [47 * HOUR + 29 * MINUTE, '47 hours'],
    [47 * HOUR + 30 * MINUTE, '2 days'],
    [2 * DAY, '2 days'],
    [13 * DAY + 5 * HOUR, '13 days'],
    [2 * WEEK, '2 weeks'],
    [2 * WEEK + 4 * DAY, '2 weeks'],
    [1 * MONTH, '4 weeks'],
    [1 * MONTH + 2 * WEEK, '6 weeks'],
    [2 * MONTH, '2 months'],
    [5 * MONTH + 2 * WEEK, '5 months'],
    [24 * MONTH, '24 months'],
    [24 * MONTH + 2 * WEEK, '2 years'],
    [3 * YEAR + 2 * MONTH, '3 years'],
  ])('%d ms is "%s"', (ms, words) => {
    expect(humanDuration(ms)).toBe(words);
  });
});

describe('describeStatus', () => {
  const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
  const iso = (ms: number) => new Date(ms).toISOString();
  const facts = (extra: Partial<StatusFacts> & Pick<StatusFacts, 'state'>): StatusFacts => ({
    status: 'as the agent read it',
    ...extra,
  });

  it('ages a running container from its start, whatever the text said back then', () => {
    const c = facts({ state: 'running', status: 'Up Less than a second', startedAt: iso(NOW - HOUR) });
    expect(describeStatus(c, NOW)).toBe('Up About an hour');
    expect(describeStatus(c, NOW + 2 * DAY)).toBe('Up 2 days');
  });

  it('reads Docker’s own timestamps with nine fraction digits', () => {
    const c = facts({ state: 'running', startedAt: '2026-11-25T11:55:00.123456789Z' });
    expect(describeStatus(c, NOW)).toBe('Up 4 minutes');
  });

  it('adds the health check result to a running container', () => {
    const startedAt = iso(NOW - 5 * MINUTE);
    expect(describeStatus(facts({ state: 'running', startedAt, health: 'healthy' }), NOW)).toBe(
      'Up 5 minutes (healthy)',
    );
    expect(describeStatus(facts({ state: 'running', startedAt, health: 'unhealthy' }), NOW)).toBe(
      'Up 5 minutes (unhealthy)',
    );
    expect(describeStatus(facts({ state: 'running', startedAt, health: 'starting' }), NOW)).toBe(
      'Up 5 minutes (health: starting)',
    );
    expect(describeStatus(facts({ state: 'running', startedAt, health: 'none' }), NOW)).toBe('Up 5 minutes');
  });

  it('says Paused, and like Docker no health, for a paused container', () => {
    const c = facts({ state: 'paused', startedAt: iso(NOW - 3 * HOUR), health: 'healthy' });
    expect(describeStatus(c, NOW)).toBe('Up 3 hours (Paused)');
  });

  it('ages an exited container from its finish, with its exit code', () => {
    const c = facts({
      state: 'exited',
      startedAt: iso(NOW - 5 * HOUR),
      finishedAt: iso(NOW - 3 * HOUR),
      exitCode: 0,
    });
    expect(describeStatus(c, NOW)).toBe('Exited (0) 3 hours ago');
    expect(describeStatus({ ...c, exitCode: 137 }, NOW + 3 * WEEK)).toBe('Exited (137) 3 weeks ago');
  });

  it('words a restarting container from its last exit', () => {
    const c = facts({
      state: 'restarting',
      startedAt: iso(NOW - 10 * SECOND),
      finishedAt: iso(NOW - 2 * SECOND),
      exitCode: 1,
    });
    expect(describeStatus(c, NOW)).toBe('Restarting (1) 2 seconds ago');
  });

  it('uses the fixed words of states that have no time', () => {
    expect(describeStatus(facts({ state: 'created' }), NOW)).toBe('Created');
    expect(describeStatus(facts({ state: 'dead' }), NOW)).toBe('Dead');
    expect(describeStatus(facts({ state: 'removing' }), NOW)).toBe('Removal In Progress');
  });

  it('keeps the agent’s text when the times it needs are missing', () => {
    expect(describeStatus(facts({ state: 'running', status: 'Up 2 hours' }), NOW)).toBe('Up 2 hours');
    expect(describeStatus(facts({ state: 'exited', status: 'Exited (0) 1 minute ago' }), NOW)).toBe(
      'Exited (0) 1 minute ago',
    );
    const noCode = facts({ state: 'exited', status: 'Exited (2) 1 minute ago', finishedAt: iso(NOW - HOUR) });
    expect(describeStatus(noCode, NOW)).toBe('Exited (2) 1 minute ago');
    const noFinish = facts({ state: 'restarting', status: 'Restarting (1) now', exitCode: 1 });
    expect(describeStatus(noFinish, NOW)).toBe('Restarting (1) now');
  });

  it('keeps the agent’s text when a time is Go’s zero time or malformed', () => {
    const zero = facts({ state: 'running', status: 'Up 1 second', startedAt: '0001-01-01T00:00:00Z' });
    expect(describeStatus(zero, NOW)).toBe('Up 1 second');
    const garbled = facts({ state: 'exited', status: 'Exited (0)', finishedAt: 'soon', exitCode: 0 });
    expect(describeStatus(garbled, NOW)).toBe('Exited (0)');
  });

  it('keeps the agent’s text when the times belong to another run than the state', () => {
    // A state changed (say, by an action's answer) before the summary with the new times came.
    const runningWithLaterFinish = facts({
      state: 'running',
      status: 'Exited (0) 1 second ago',
      startedAt: iso(NOW - HOUR),
      finishedAt: iso(NOW - MINUTE),
      exitCode: 0,
    });
    expect(describeStatus(runningWithLaterFinish, NOW)).toBe('Exited (0) 1 second ago');
    const exitedWithLaterStart = facts({
      state: 'exited',
      status: 'Up 3 minutes',
      startedAt: iso(NOW - MINUTE),
      finishedAt: iso(NOW - HOUR),
      exitCode: 0,
    });
    expect(describeStatus(exitedWithLaterStart, NOW)).toBe('Up 3 minutes');
  });

  it('uses a finish from an earlier run only as history for a running container', () => {
    const c = facts({
      state: 'running',
      startedAt: iso(NOW - 30 * SECOND),
      finishedAt: iso(NOW - 31 * SECOND),
      exitCode: 143,
    });
    expect(describeStatus(c, NOW)).toBe('Up 30 seconds');
  });

  it('says Less than a second when the viewer’s clock is behind Docker’s', () => {
    const c = facts({ state: 'running', startedAt: iso(NOW + 4 * SECOND) });
    expect(describeStatus(c, NOW)).toBe('Up Less than a second');
  });

  it('keeps the text of a state it does not know', () => {
    const c = facts({ state: 'hibernating', status: 'Zzz', startedAt: iso(NOW - HOUR) });
    expect(describeStatus(c, NOW)).toBe('Zzz');
  });
});
