import { describe, expect, it } from 'vitest';
import {
  defaultManagerDataDir,
  localBaseUrl,
  logSocketLimits,
  parseAllowedHosts,
  parseListen,
  parseMaxLogSockets,
  parseMemoryBudget,
  parseMetricsToken,
  parsePublicUrl,
  parseTrustedProxies,
} from './config.ts';

describe('parseListen', () => {
  it('reads host:port forms', () => {
    expect(parseListen('127.0.0.1:7070')).toEqual({ host: '127.0.0.1', port: 7070 });
    expect(parseListen('localhost:0')).toEqual({ host: 'localhost', port: 0 });
    expect(parseListen('[::1]:7070')).toEqual({ host: '::1', port: 7070 });
    expect(parseListen(':7070')).toEqual({ host: '0.0.0.0', port: 7070 });
    expect(parseListen('7070')).toEqual({ host: '127.0.0.1', port: 7070 });
  });

  it('refuses anything else', () => {
    for (const bad of ['', 'host', 'host:', 'host:99999', 'host:x', '[::1]7070', 'a/b:80', 'http://x:1']) {
      expect(() => parseListen(bad), bad).toThrow(/--listen/);
    }
  });
});

describe('localBaseUrl', () => {
  it('turns wildcards into loopback and brackets IPv6', () => {
    expect(localBaseUrl({ host: '0.0.0.0', port: 7070 })).toBe('http://127.0.0.1:7070');
    expect(localBaseUrl({ host: '::', port: 1 })).toBe('http://[::1]:1');
    expect(localBaseUrl({ host: 'example.com', port: 80 })).toBe('http://example.com:80');
  });
});

describe('parsePublicUrl', () => {
  it('normalises to no trailing slash', () => {
    expect(parsePublicUrl('https://bosun.example/')).toBe('https://bosun.example');
    expect(parsePublicUrl('https://example.com:8443')).toBe('https://example.com:8443');
  });

  it('refuses non-http URLs and URLs with secrets or queries', () => {
    for (const bad of [
      'ftp://x',
      'nope',
      'https://u:p@x',
      'https://x/?a=1',
      'https://x/#f',
      'https://x/bosun',
    ]) {
      expect(() => parsePublicUrl(bad), bad).toThrow(/--public-url/);
    }
  });
});

describe('defaultManagerDataDir', () => {
  it('is /var/lib for root and XDG for others', () => {
    expect(defaultManagerDataDir({}, 0)).toBe('/var/lib/bosun/manager');
    expect(defaultManagerDataDir({ XDG_DATA_HOME: '/x/data' }, 1000)).toBe('/x/data/bosun/manager');
    expect(defaultManagerDataDir({}, 1000)).toMatch(/\.local\/share\/bosun\/manager$/);
  });
});

describe('parseMetricsToken', () => {
  it('takes 16 to 256 printable ASCII characters, trimmed', () => {
    expect(parseMetricsToken('  0123456789abcdef\n')).toBe('0123456789abcdef');
    expect(parseMetricsToken('x'.repeat(256))).toHaveLength(256);
  });

  it('refuses a short token, one with spaces and one too long', () => {
    for (const bad of ['short', '0123456789 abcdef', 'x'.repeat(257), 'ä'.repeat(20)]) {
      expect(() => parseMetricsToken(bad)).toThrow('--metrics-token must be 16 to 256 printable ASCII');
    }
  });
});

describe('parseListen for --metrics-listen', () => {
  it('names the setting it was given in its error', () => {
    expect(() => parseListen('nope', '--metrics-listen')).toThrow(
      '--metrics-listen "nope": expected host:port',
    );
  });
});

describe('parseMemoryBudget', () => {
  it('takes sizes with units or bytes, from 256 MiB', () => {
    expect(parseMemoryBudget('512MiB')).toBe(512 * 2 ** 20);
    expect(parseMemoryBudget('1GiB')).toBe(2 ** 30);
    expect(parseMemoryBudget(String(300 * 2 ** 20))).toBe(300 * 2 ** 20);
    expect(() => parseMemoryBudget('lots')).toThrow(/--memory-budget "lots": expected a size/);
    expect(() => parseMemoryBudget('128MiB')).toThrow(/--memory-budget "128MiB": at least 256MiB/);
  });
});

describe('parseMaxLogSockets', () => {
  it('takes a whole number, and gives each user a quarter of it', () => {
    expect(parseMaxLogSockets('2000')).toBe(2000);
    for (const bad of ['0', '-1', '1.5', 'many', ''])
      expect(() => parseMaxLogSockets(bad)).toThrow(/--max-log-sockets/);
    expect(logSocketLimits(2000)).toEqual({ maxViewerSockets: 2000, maxViewerSocketsPerUser: 500 });
    expect(logSocketLimits(2)).toEqual({ maxViewerSockets: 2, maxViewerSocketsPerUser: 1 });
  });
});

describe('parseTrustedProxies', () => {
  it('reads a comma-separated list of addresses and CIDRs', () => {
    expect(parseTrustedProxies(' 10.0.0.0/8, ::1 ,').map((cidr) => cidr.prefix)).toEqual([104, 128]);
    expect(parseTrustedProxies('')).toEqual([]);
  });

  it('refuses what is not an address or CIDR, naming the flag', () => {
    expect(() => parseTrustedProxies('10.0.0.0/8,proxy')).toThrow(
      '--trusted-proxy: "proxy" is not an address or CIDR; expected addresses or CIDRs, e.g. 10.0.0.0/8,::1',
    );
  });
});

describe('parseAllowedHosts', () => {
  it('reads host names and *.domain patterns, lower-cased', () => {
    expect(parseAllowedHosts('Bosun.Example.com,*.fleet.example')).toEqual([
      'bosun.example.com',
      '*.fleet.example',
    ]);
  });

  it('refuses a URL or a bare star, naming the flag', () => {
    expect(() => parseAllowedHosts('https://bosun.example.com')).toThrow(
      '--allowed-hosts: "https://bosun.example.com" is not a host name or a *.domain pattern',
    );
    expect(() => parseAllowedHosts('*')).toThrow('--allowed-hosts: "*" is not');
  });
});
