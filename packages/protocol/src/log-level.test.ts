import { describe, expect, it } from 'vitest';
import { detectLevel } from './log-level.ts';

const text = (line: string) => detectLevel(line, null);

describe('detectLevel from JSON fields', () => {
  it.each([
    [{ level: 'error' }, 'error'],
    [{ level: 'ERR' }, 'error'],
    [{ level: 'fatal' }, 'error'],
    [{ lvl: 'warning' }, 'warn'],
    [{ severity: 'NOTICE' }, 'info'],
    [{ level: 'trace' }, 'debug'],
    [{ 'log.level': 'warn' }, 'warn'],
    [{ log: { level: 'error' } }, 'error'],
    [{ level: 'E' }, 'error'],
  ] as const)('%j is %s', (json, level) => {
    expect(detectLevel('{}', json)).toBe(level);
  });

  it.each([
    [10, 'debug'],
    [20, 'debug'],
    [30, 'info'],
    [40, 'warn'],
    [50, 'error'],
    [60, 'error'],
    ['30', 'info'],
  ] as const)('numeric level %j is %s', (value, level) => {
    expect(detectLevel('{}', { level: value })).toBe(level);
  });

  it('does not read the text of a JSON line', () => {
    expect(detectLevel('{"msg":"ERROR: disk full"}', { msg: 'ERROR: disk full' })).toBeNull();
    expect(detectLevel('{"level":"chatty"}', { level: 'chatty' })).toBeNull();
  });
});

describe('detectLevel from text', () => {
  it.each([
    ['time="2026-11-25T06:30:00Z" level=warn msg="slow"', 'warn'],
    ['ts=2026-11-25T06:30:00Z caller=main.go:12 lvl=error msg=boom', 'error'],
    ['[ERROR] could not connect', 'error'],
    ['2026-11-25 06:30:00 [Warning] Aborted connection', 'warn'],
    ['2026/11/25 06:30:00 [error] 7#7: *1 open() failed', 'error'],
    ['[main] [info] listening', 'info'],
    ['<E> failed', 'error'],
    ['E1125 06:30:00.123456       1 controller.go:42] sync failed', 'error'],
    ['I1125 06:30:00.123456       1 main.go:1] started', 'info'],
    ['W, [2026-11-25T06:30:00.123 #1]  WARN -- : careful', 'warn'],
    ['ERROR: relation "users" does not exist', 'error'],
    ['WARNING:root:Low disk space', 'warn'],
    ['info: server listening on :8080', 'info'],
    ['2026-11-25T06:30:00.000Z\tinfo\tstarted', 'info'],
    ['2026-11-25 06:30:00,123 WARN  [pool-1] retrying', 'warn'],
    ['06:30:00 DEBUG cache miss', 'debug'],
    ['Error connecting to database', 'error'],
    ['[INFO] request failed with ERROR 500', 'info'],
  ] as const)('%s → %s', (line, level) => {
    expect(text(line)).toBe(level);
  });

  it.each([
    'GET /api/health 200 4ms',
    'retrying after an error in the upstream',
    'Listening on http://0.0.0.0:8080',
    '',
    `${'x'.repeat(90)} ERROR: too deep to be a level`,
    `${'x'.repeat(90)} [error] too deep`,
    'I1325 06:30:00 not a month',
    'the worker is idle',
  ])('%j has no level', (line) => {
    expect(text(line)).toBeNull();
  });
});
