import { describe, expect, it } from 'vitest';
import { CLOSE_CODES, closeCodeFor, closeReason } from './close-codes.ts';
import { ProtocolError } from './errors.ts';
import { utf8ByteLength } from './utf8.ts';

describe('closeCodeFor', () => {
  it.each([
    ['unauthorized', 4401],
    ['protocol_mismatch', 4426],
    ['internal', 1011],
    ['forbidden', 4400],
    ['bad_frame', 4400],
    ['invalid_data', 4400],
  ] as const)('%s → %i', (code, expected) => {
    expect(closeCodeFor(new ProtocolError(code, 'x'))).toBe(expected);
  });

  it('anything that is not a ProtocolError is internal', () => {
    expect(closeCodeFor(new Error('boom'))).toBe(CLOSE_CODES.internal);
  });
});

describe('closeReason', () => {
  it('keeps short reasons and cuts long ones within 123 bytes', () => {
    expect(closeReason('replaced')).toBe('replaced');
    const long = closeReason('é'.repeat(200));
    expect(utf8ByteLength(long)).toBeLessThanOrEqual(123);
    expect(long.endsWith('…')).toBe(true);
  });
});
