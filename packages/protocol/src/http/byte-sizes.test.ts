import { describe, expect, it } from 'vitest';
import { byteSize, formatByteSize } from './byte-sizes.ts';

describe('byteSize', () => {
  it('reads IEC and SI units and plain bytes', () => {
    expect(byteSize('256MiB')).toBe(256 * 2 ** 20);
    expect(byteSize('1 GiB')).toBe(2 ** 30);
    expect(byteSize('512KiB')).toBe(512 * 1024);
    expect(byteSize('500MB')).toBe(500e6);
    expect(byteSize('1048576')).toBe(1048576);
    expect(byteSize(' 64B ')).toBe(64);
  });

  it('refuses what is not a whole size', () => {
    for (const text of ['', 'MiB', '1.5GiB', '-1MiB', '10mb', '10 MiB extra', '9'.repeat(14), '1e9']) {
      expect(byteSize(text)).toBeUndefined();
    }
  });
});

describe('formatByteSize', () => {
  it('names whole units and falls back to bytes', () => {
    expect(formatByteSize(256 * 2 ** 20)).toBe('256MiB');
    expect(formatByteSize(2 ** 30)).toBe('1GiB');
    expect(formatByteSize(1536)).toBe('1536B');
    expect(formatByteSize(2048)).toBe('2KiB');
  });
});
