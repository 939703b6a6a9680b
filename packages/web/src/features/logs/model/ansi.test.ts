import { describe, expect, it } from 'vitest';
import { ansiSegments, highlightSegments, stripAnsi } from './ansi.ts';

const RED = '\x1b[31m';
const RESET = '\x1b[0m';

describe('stripAnsi', () => {
  it('returns text without escapes as it is', () => {
    const text = 'plain line';
    expect(stripAnsi(text)).toBe(text);
  });

  it('removes colour and cursor sequences', () => {
    expect(stripAnsi(`${RED}error${RESET} done\x1b[2K\x1b[?25l`)).toBe('error done');
  });

  it('removes OSC hyperlinks, charset switches and a dangling ESC', () => {
    expect(stripAnsi('see \x1b]8;;https://x.example\x07docs\x1b]8;;\x07 \x1b(Bok\x1b')).toBe('see docs ok');
  });
});

describe('ansiSegments', () => {
  it('takes the fast path without escapes', () => {
    expect(ansiSegments('hello')).toEqual([{ text: 'hello' }]);
  });

  it('maps colours to CSS and decorations to flags', () => {
    const segments = ansiSegments(`a ${RED}\x1b[1mred${RESET} \x1b[4;3;2mu\x1b[22m v\x1b[48;2;1;2;3mw`);
    expect(segments).toEqual([
      { text: 'a ' },
      { text: 'red', fg: 'rgb(187, 0, 0)', bold: true },
      { text: ' ' },
      { text: 'u', underline: true, italic: true, dim: true },
      { text: ' v', underline: true, italic: true },
      { text: 'w', underline: true, italic: true, bg: 'rgb(1, 2, 3)' },
    ]);
  });

  it('reads 256-colour palette entries', () => {
    expect(ansiSegments('\x1b[38;5;196mx')).toEqual([{ text: 'x', fg: 'rgb(255, 0, 0)' }]);
  });

  it('joins to exactly the stripped text', () => {
    const text = `\x1b]0;title\x07${RED}E${RESET}rr \x1b[1;32mok\x1b[m\x1b(B!`;
    expect(
      ansiSegments(text)
        .map((s) => s.text)
        .join(''),
    ).toBe(stripAnsi(text));
  });

  it('gives one empty segment for text that is only escapes', () => {
    expect(ansiSegments(`${RED}${RESET}`)).toEqual([{ text: '' }]);
  });
});

describe('highlightSegments', () => {
  it('splits runs at range edges and keeps their style', () => {
    const segments = ansiSegments(`ab${RED}cdef${RESET}gh`);
    expect(
      highlightSegments(segments, [
        [1, 3],
        [5, 7],
      ]),
    ).toEqual([
      { text: 'a', match: false },
      { text: 'b', match: true },
      { text: 'c', fg: 'rgb(187, 0, 0)', match: true },
      { text: 'de', fg: 'rgb(187, 0, 0)', match: false },
      { text: 'f', fg: 'rgb(187, 0, 0)', match: true },
      { text: 'g', match: true },
      { text: 'h', match: false },
    ]);
  });

  it('marks nothing without ranges', () => {
    expect(highlightSegments([{ text: 'x' }], [])).toEqual([{ text: 'x', match: false }]);
  });
});
