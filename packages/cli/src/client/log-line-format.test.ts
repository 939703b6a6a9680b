import type { LogLine } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { fixedTimestamp, formatLine } from './log-line-format.ts';

const line = (over: Partial<LogLine>): LogLine => ({
  kind: 'line',
  seq: 0,
  ts: '2026-11-25T03:19:26.123456789Z',
  stream: 'stdout',
  text: 'hello',
  ...over,
});

const bytes = (parts: Buffer[]) => Buffer.concat(parts);

describe('fixedTimestamp', () => {
  it("pads the fraction to 9 digits as Docker's RFC3339NanoFixed does", () => {
    expect(fixedTimestamp('2026-11-25T03:19:26.123456789Z')).toBe('2026-11-25T03:19:26.123456789Z');
    expect(fixedTimestamp('2026-11-25T03:19:26.1234Z')).toBe('2026-11-25T03:19:26.123400000Z');
    expect(fixedTimestamp('2026-11-25T03:19:26Z')).toBe('2026-11-25T03:19:26.000000000Z');
    expect(fixedTimestamp('0001-01-01T00:00:00Z')).toBe('0001-01-01T00:00:00.000000000Z');
  });
});

describe('formatLine', () => {
  it('prints the text and a newline', () => {
    expect(bytes(formatLine(line({}), false)).toString()).toBe('hello\n');
  });

  it('prefixes the Docker timestamp and a space with -t', () => {
    expect(bytes(formatLine(line({ ts: '2026-11-25T03:19:26.5Z' }), true)).toString()).toBe(
      '2026-11-25T03:19:26.500000000Z hello\n',
    );
  });

  it('prints no newline the program did not write', () => {
    expect(bytes(formatLine(line({ partial: true }), false)).toString()).toBe('hello');
  });

  it('keeps CR and multi-byte UTF-8 as they are', () => {
    expect(bytes(formatLine(line({ text: 'crlf\r' }), false))).toEqual(Buffer.from('crlf\r\n'));
    expect(bytes(formatLine(line({ text: 'héllo 🐳' }), false))).toEqual(Buffer.from('héllo 🐳\n'));
  });

  it('decodes base64 lines to their exact bytes', () => {
    const raw = Buffer.from([0xff, 0xfe, 0x00, 0x41]);
    expect(bytes(formatLine(line({ text: raw.toString('base64'), encoding: 'base64' }), false))).toEqual(
      Buffer.concat([raw, Buffer.from('\n')]),
    );
  });
});
