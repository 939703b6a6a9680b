import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { REPLAY_MEMORY_LINES, REPLAY_TEXT_CHARS, ReplayGuard } from './replay-guard.ts';

describe('ReplayGuard', () => {
  it('drops the last line sent when Docker sends it again (a slow writer at each rotation)', () => {
    const guard = new ReplayGuard();
    expect(guard.repeats('stdout', tsAt(1), 'line 1')).toBe(false);
    expect(guard.repeats('stdout', tsAt(2), 'line 2')).toBe(false);
    expect(guard.repeats('stdout', tsAt(2), 'line 2')).toBe(true);
    expect(guard.repeats('stdout', tsAt(3), 'line 3')).toBe(false);
  });

  it('drops a replayed run of lines (a burst at a rotation) and lets the new lines after it pass', () => {
    const guard = new ReplayGuard();
    const sent = Array.from({ length: 30 }, (_, i) => guard.repeats('stdout', tsAt(i), `line ${i}`));
    const replayed = Array.from({ length: 24 }, (_, i) =>
      guard.repeats('stdout', tsAt(i + 6), `line ${i + 6}`),
    );
    expect(sent.every((dropped) => !dropped)).toBe(true);
    expect(replayed.every((dropped) => dropped)).toBe(true);
    expect(guard.repeats('stdout', tsAt(30), 'line 30')).toBe(false);
  });

  it('drops the end of a replay longer than its memory', () => {
    const guard = new ReplayGuard();
    const count = REPLAY_MEMORY_LINES + 36;
    for (let i = 0; i < count; i++) guard.repeats('stdout', tsAt(i), `line ${i}`);
    const replayed = Array.from({ length: count }, (_, i) => guard.repeats('stdout', tsAt(i), `line ${i}`));
    expect(replayed.filter((dropped) => !dropped)).toHaveLength(36);
    expect(replayed.slice(36).every((dropped) => dropped)).toBe(true);
  });

  it('keeps an older-stamped line that was never sent: a clock that stepped back loses nothing', () => {
    const guard = new ReplayGuard();
    guard.repeats('stdout', tsAt(5), 'before the step');
    expect(guard.repeats('stdout', tsAt(3), 'after the step')).toBe(false);
    expect(guard.repeats('stdout', tsAt(5), 'other text, same stamp')).toBe(false);
  });

  it('keeps the streams apart: the same stamp and text on the other stream is a line of its own', () => {
    const guard = new ReplayGuard();
    guard.repeats('stdout', tsAt(1), 'same');
    expect(guard.repeats('stderr', tsAt(1), 'same')).toBe(false);
    expect(guard.repeats('stderr', tsAt(1), 'same')).toBe(true);
  });

  it('forgets lines beyond its bound, and matches a long line by its stamp and length', () => {
    const guard = new ReplayGuard();
    const long = 'x'.repeat(REPLAY_TEXT_CHARS + 1);
    guard.repeats('stdout', tsAt(0), long);
    expect(guard.repeats('stdout', tsAt(0), long)).toBe(true);
    for (let i = 1; i <= REPLAY_MEMORY_LINES; i++) guard.repeats('stdout', tsAt(i), `line ${i}`);
    expect(guard.repeats('stdout', tsAt(0), long)).toBe(false);
  });
});
