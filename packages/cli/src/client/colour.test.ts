import { describe, expect, it } from 'vitest';
import { useColour } from './colour.ts';

describe('useColour', () => {
  const tty = { isTTY: true };
  it('colours a terminal only', () => {
    expect(useColour(tty, {})).toBe(true);
    expect(useColour({ isTTY: false }, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
  });

  it('never colours with NO_COLOR or a dumb terminal', () => {
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColour(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('colours anywhere with FORCE_COLOR, unless it is 0 or empty', () => {
    expect(useColour({}, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour({}, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColour({}, { FORCE_COLOR: '' })).toBe(false);
  });
});
