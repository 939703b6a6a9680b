import { describe, expect, it } from 'vitest';
import { paint, painter, stateColour, useColour } from './colour.ts';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('useColour', () => {
  it('colours a terminal, never a pipe or a file', () => {
    expect(useColour(tty, {})).toBe(true);
    expect(useColour(pipe, {})).toBe(false);
    expect(useColour({}, {})).toBe(false);
  });

  it('respects NO_COLOR set to anything but the empty string, and TERM=dumb', () => {
    expect(useColour(tty, { NO_COLOR: '1' })).toBe(false);
    expect(useColour(tty, { NO_COLOR: '0' })).toBe(false);
    expect(useColour(tty, { NO_COLOR: '' })).toBe(true);
    expect(useColour(tty, { TERM: 'dumb' })).toBe(false);
  });

  it('lets FORCE_COLOR (not empty, not 0) turn it on anywhere, NO_COLOR included', () => {
    expect(useColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(useColour(pipe, { FORCE_COLOR: '1', NO_COLOR: '1' })).toBe(true);
    expect(useColour(tty, { FORCE_COLOR: '0' })).toBe(true);
    expect(useColour(pipe, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColour(pipe, { FORCE_COLOR: '' })).toBe(false);
  });
});

describe('painting', () => {
  it('wraps text in an SGR code and a reset', () => {
    expect(paint(31, 'down')).toBe('\u001b[31mdown\u001b[0m');
  });

  it('leaves text alone when colour is off, when no colour applies, and when it is empty', () => {
    expect(painter(false)('red', 'x')).toBe('x');
    expect(painter(true)(undefined, 'x')).toBe('x');
    expect(painter(true)('red', '')).toBe('');
    expect(painter(true)('green', 'up')).toBe('\u001b[32mup\u001b[0m');
  });

  it('gives states the colours people expect: up green, stopped red, in between yellow', () => {
    expect(stateColour('running')).toBe('green');
    expect(stateColour('exited')).toBe('red');
    expect(stateColour('restarting')).toBe('yellow');
    expect(stateColour('something new')).toBeUndefined();
  });
});
