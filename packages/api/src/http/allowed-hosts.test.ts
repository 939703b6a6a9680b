import { describe, expect, it } from 'vitest';
import { allowedHostPolicy, isAllowedHost, parseAllowedHost } from './allowed-hosts.ts';

describe('isAllowedHost', () => {
  const policy = allowedHostPolicy('https://bosun.example.com', ['ops.internal', '*.fleet.example']);

  it('answers IP literals, loopback names, the public URL and the allowed names, with any port', () => {
    for (const host of [
      '127.0.0.1:7070',
      '10.1.2.3',
      '[::1]:7070',
      '[2001:db8::1]',
      'localhost:7070',
      'app.localhost',
      'BOSUN.example.com',
      'bosun.example.com.:443',
      'ops.internal',
      'a.fleet.example',
      'b.c.fleet.example:7070',
    ]) {
      expect(isAllowedHost(host, policy), host).toBe(true);
    }
  });

  it('refuses any other name, the bare domain of a pattern, and malformed hosts', () => {
    for (const host of [
      'evil.example',
      'fleet.example',
      'xfleet.example',
      'localhost.evil',
      '[evil]',
      '',
      'a b',
      '1.2.3.4:x',
    ]) {
      expect(isAllowedHost(host, policy), host).toBe(false);
    }
  });
});

describe('parseAllowedHost', () => {
  it('takes names and *.domain patterns, refusing anything else', () => {
    expect(parseAllowedHost(' Ops.Internal. ')).toBe('ops.internal');
    expect(parseAllowedHost('*.fleet.example')).toBe('*.fleet.example');
    expect(() => parseAllowedHost('http://x')).toThrow('"http://x" is not a host name or a *.domain pattern');
    expect(() => parseAllowedHost('*')).toThrow();
  });
});
