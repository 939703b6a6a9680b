import { describe, expect, it } from 'vitest';
import { propertySeed } from './property-seed.ts';

describe('propertySeed', () => {
  it('is undefined when BOSUN_FC_SEED is unset or empty, so fast-check picks one', () => {
    expect(propertySeed({})).toBeUndefined();
    expect(propertySeed({ BOSUN_FC_SEED: ' ' })).toBeUndefined();
  });

  it('reads the seed as fast-check prints it, negative ones included', () => {
    expect(propertySeed({ BOSUN_FC_SEED: '1234567' })).toBe(1234567);
    expect(propertySeed({ BOSUN_FC_SEED: '-2021412829' })).toBe(-2021412829);
  });

  it('refuses anything but an integer, naming the variable', () => {
    for (const bad of ['12.5', '0x10', 'seed', '1e3']) {
      expect(() => propertySeed({ BOSUN_FC_SEED: bad })).toThrow(/BOSUN_FC_SEED must be an integer/);
    }
  });
});
