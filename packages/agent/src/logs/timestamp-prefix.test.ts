import { describe, expect, it } from 'vitest';
import { bytes } from '../testing/index.ts';
import {
  MAX_TIMESTAMP_PREFIX_BYTES,
  NOT_A_PREFIX,
  PREFIX_INCOMPLETE,
  readTimestamp,
  scanTimestampPrefix,
} from './timestamp-prefix.ts';

// A whole message split the way the pipeline does it: the prefix scanned, then read as a time.
function splitTimestampPrefix(message: Uint8Array): { ts: string; body: Uint8Array } | undefined {
  const length = scanTimestampPrefix(message, 0, message.length);
  if (length <= 0) return undefined;
  return { ts: readTimestamp(message, 0, length), body: message.subarray(length) };
}

const scan = (text: string) => scanTimestampPrefix(bytes(text), 0, Buffer.byteLength(text));

describe('a whole message: scanTimestampPrefix then readTimestamp', () => {
  it.each([
    '2026-11-25T03:19:26.123456789Z',
    '2026-11-25T03:19:26.1234Z',
    '2026-11-25T03:19:26.1Z',
    '2026-11-25T03:19:26Z',
  ])('splits %s from the message', (ts) => {
    expect(splitTimestampPrefix(bytes(`${ts} hello world\n`))).toEqual({ ts, body: bytes('hello world\n') });
  });

  it('keeps everything after the first space, spaces included', () => {
    expect(splitTimestampPrefix(bytes('2026-11-25T03:19:26Z  two spaces'))?.body).toEqual(
      bytes(' two spaces'),
    );
    expect(splitTimestampPrefix(bytes('2026-11-25T03:19:26Z '))?.body).toEqual(bytes(''));
  });

  it('turns a timestamp with an offset into UTC, fraction kept', () => {
    expect(splitTimestampPrefix(bytes('2026-11-25T08:49:26.000123+05:30 x'))?.ts).toBe(
      '2026-11-25T03:19:26.000123Z',
    );
    expect(splitTimestampPrefix(bytes('2026-11-24T23:19:26-04:00 x'))?.ts).toBe('2026-11-25T03:19:26Z');
  });

  it.each([
    'hello world',
    '2026-11-25 03:19:26Z x',
    '2026-11-25T03:19:26.Z x',
    '2026-11-25T03:19:26.1234567890Z x',
    '2026-11-25T03:19:26.123 x',
    '2026-11-25T03:19:26Zx',
    '2026-1a-25T03:19:26Z x',
    '2026-11-25T03:19:26+0530 x',
  ])('rejects %j', (message) => {
    expect(splitTimestampPrefix(bytes(message))).toBeUndefined();
    expect(scan(message)).toBe(NOT_A_PREFIX);
  });
});

describe('scanTimestampPrefix', () => {
  it('says incomplete while the bytes so far fit the shape', () => {
    const full = '2026-11-25T08:49:26.123456789+05:30 ';
    expect(Buffer.byteLength(full)).toBe(MAX_TIMESTAMP_PREFIX_BYTES);
    for (let end = 0; end < full.length; end++) expect(scan(full.slice(0, end))).toBe(PREFIX_INCOMPLETE);
    expect(scan(full)).toBe(full.length);
  });

  it('scans from an offset', () => {
    const buffer = bytes('xx2026-11-25T03:19:26.5Z body');
    expect(scanTimestampPrefix(buffer, 2, buffer.length)).toBe(23);
  });
});
