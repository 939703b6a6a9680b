import { describe, expect, it } from 'vitest';
import { LogSequencer } from './log-sequencer.ts';
import { tsAt } from './test-streams.ts';

describe('LogSequencer', () => {
  it('numbers lines and places markers after the last line numbered', () => {
    const sequencer = new LogSequencer(0);
    expect(sequencer.restart(tsAt(0))).toEqual({ kind: 'restart', afterSeq: -1, ts: tsAt(0) });
    expect(sequencer.line(tsAt(1), 'stdout', 'a')).toEqual({
      kind: 'line',
      seq: 0,
      ts: tsAt(1),
      stream: 'stdout',
      text: 'a',
    });
    expect(sequencer.line(tsAt(2), 'stderr', '/w==', 'base64', true)).toEqual({
      kind: 'line',
      seq: 1,
      ts: tsAt(2),
      stream: 'stderr',
      text: '/w==',
      encoding: 'base64',
      truncated: true,
    });
    expect(sequencer.gap(3, 'docker_behind')).toEqual({
      kind: 'gap',
      fromSeq: 2,
      toSeq: 4,
      reason: 'docker_behind',
    });
    expect(sequencer.restart(tsAt(3), 'exit 1')).toEqual({
      kind: 'restart',
      afterSeq: 4,
      ts: tsAt(3),
      reason: 'exit 1',
    });
    expect(sequencer.end('removed', { message: 'gone' })).toEqual({
      kind: 'end',
      afterSeq: 4,
      reason: 'removed',
      message: 'gone',
    });
    expect(sequencer.nextSeq).toBe(5);
  });

  it('starts at the given number', () => {
    const sequencer = new LogSequencer(42);
    expect(sequencer.line(tsAt(0), 'stdout', 'x').seq).toBe(42);
  });
});
