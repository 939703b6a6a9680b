import { describe, expect, it } from 'vitest';
import { resolveClientAddress } from './client-address.ts';
import { parseCidr } from './ip-address.ts';

describe('resolveClientAddress', () => {
  const proxies = ['10.0.0.0/8', '2001:db8::/32'].map(parseCidr);

  it('takes the peer when it is no trusted proxy, or when no proxy is trusted', () => {
    expect(resolveClientAddress('203.0.113.9', '1.2.3.4', proxies)).toBe('203.0.113.9');
    expect(resolveClientAddress('10.0.0.1', '1.2.3.4', [])).toBe('10.0.0.1');
    expect(resolveClientAddress('10.0.0.1', undefined, proxies)).toBe('10.0.0.1');
  });

  it('behind trusted proxies, takes the right-most address no trusted proxy is', () => {
    expect(resolveClientAddress('::ffff:10.0.0.1', '6.6.6.6, 203.0.113.9, 10.2.2.2', proxies)).toBe(
      '203.0.113.9',
    );
    expect(resolveClientAddress('2001:db8::1', '2001:db9::5', proxies)).toBe('2001:db9::5');
  });

  it('stops at a hop that is not an address', () => {
    expect(resolveClientAddress('10.0.0.1', '203.0.113.9, garbage', proxies)).toBe('10.0.0.1');
  });
});
