import { describe, expect, it } from 'vitest';
import { droppedText, endText, formatCount, gapText, restartText } from './marker-text.ts';

describe('marker texts', () => {
  it('counts with thousands separators whatever the locale', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });

  it('words gaps, restarts, ends and drops', () => {
    expect(gapText(1, 'docker_behind')).toBe('1 line skipped (Docker fell behind)');
    expect(gapText(1234, 'subscriber_behind')).toBe('1,234 lines skipped (viewer fell behind)');
    expect(restartText()).toBe('Container restarted');
    expect(restartText('OOM killed')).toBe('Container restarted (OOM killed)');
    expect(endText('removed')).toBe('Stream ended: container removed');
    expect(endText('stopped', 'exit code 1')).toBe('Stream ended: container stopped (exit code 1)');
    expect(endText('error')).toBe('Stream ended: error');
    expect(droppedText(5000, 100_000)).toBe('5,000 older lines dropped from this view (limit 100,000)');
  });
});
