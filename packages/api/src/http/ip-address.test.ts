import { describe, expect, it } from 'vitest';
import { cidrContains, clientBucket, parseCidr, parseIp } from './ip-address.ts';

describe('parseIp', () => {
  it('reads IPv4, IPv6 (compressed, with an embedded IPv4 or a zone) and nothing else', () => {
    expect(parseIp('192.0.2.1')).toEqual(parseIp('::ffff:192.0.2.1'));
    expect(parseIp('2001:db8::1')).toEqual(parseIp('2001:0db8:0:0:0:0:0:0001'));
    expect(parseIp('fe80::1%eth0')).toEqual(parseIp('fe80::1'));
    for (const bad of [
      '',
      'localhost',
      '256.0.0.1',
      '010.0.0.1',
      '1.2.3',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      'g::1',
    ]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
  });
});

describe('parseCidr and cidrContains', () => {
  it('matches addresses inside a network, IPv4 peers seen as IPv4-mapped IPv6 too', () => {
    const net = parseCidr('10.0.0.0/8');
    expect(cidrContains(net, parseIp('10.255.1.2')!)).toBe(true);
    expect(cidrContains(net, parseIp('::ffff:10.1.2.3')!)).toBe(true);
    expect(cidrContains(net, parseIp('11.0.0.1')!)).toBe(false);
    const one = parseCidr('2001:db8::7');
    expect(cidrContains(one, parseIp('2001:db8::7')!)).toBe(true);
    expect(cidrContains(one, parseIp('2001:db8::8')!)).toBe(false);
    expect(cidrContains(parseCidr('2001:db8::/32'), parseIp('2001:db8:ffff::1')!)).toBe(true);
  });

  it('refuses what is not a network, naming it', () => {
    expect(() => parseCidr('10.0.0.0/33')).toThrow('"10.0.0.0/33": the prefix length must be 0 to 32');
    expect(() => parseCidr('proxy.local')).toThrow('"proxy.local" is not an address or CIDR');
  });
});

describe('clientBucket', () => {
  it('keys IPv4 by address and IPv6 by /64', () => {
    expect(clientBucket('::ffff:192.0.2.9')).toBe('192.0.2.9');
    expect(clientBucket('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientBucket('unknown')).toBe('unknown');
  });
});
