import { compareDockerTimestamps } from '@bosun/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tsAt } from '../testing/index.ts';
import { compareTimestamps } from './docker-timestamp.ts';

describe('compareTimestamps', () => {
  it('orders timestamps whatever their fraction width', () => {
    const sorted = Array.from({ length: 12 }, (_, i) => tsAt(i));
    for (let i = 0; i < sorted.length; i++) {
      for (let j = 0; j < sorted.length; j++) {
        expect(Math.sign(compareTimestamps(sorted[i]!, sorted[j]!))).toBe(Math.sign(i - j));
      }
    }
    expect(compareTimestamps('2026-11-25T03:19:26.5Z', '2026-11-25T03:19:26.500000000Z')).toBe(0);
  });

  it("agrees with the protocol's compare on any pair", () => {
    // Go's RFC3339Nano: the fraction without trailing zeros, or none at all.
    const docker = fc
      .record({ second: fc.integer({ min: 0, max: 3 }), nanos: fc.integer({ min: 0, max: 999_999_999 }) })
      .map(({ second, nanos }) => {
        const fraction = nanos.toString().padStart(9, '0').replace(/0+$/, '');
        return `2026-11-25T03:19:2${second}${fraction === '' ? '' : `.${fraction}`}Z`;
      });
    fc.assert(
      fc.property(docker, docker, (a, b) => {
        expect(Math.sign(compareTimestamps(a, b))).toBe(Math.sign(compareDockerTimestamps(a, b)));
      }),
    );
  });
});
