import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { LogSequencer } from './log-sequencer.ts';

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
    expect(sequencer.restart(tsAt(3), 'exit 1')).toEqual({
      kind: 'restart',
      afterSeq: 1,
      ts: tsAt(3),
      reason: 'exit 1',
    });
    expect(sequencer.end('removed', { message: 'gone' })).toEqual({
      kind: 'end',
      afterSeq: 1,
      reason: 'removed',
      message: 'gone',
    });
    expect(sequencer.nextSeq).toBe(2);
  });

  it('starts at the given number', () => {
    const sequencer = new LogSequencer(42);
    expect(sequencer.line(tsAt(0), 'stdout', 'x').seq).toBe(42);
  });
});
