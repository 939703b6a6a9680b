import { describe, expect, it } from 'vitest';
import { isHttps, isSameOrigin, normalizeOrigin, type RequestFacts, requestOrigin } from './origin.ts';

const plain: RequestFacts = { host: 'manager.example:7070', encrypted: false, forwardedProto: undefined };

describe('requestOrigin', () => {
  it('builds the origin from Host and the scheme', () => {
    expect(requestOrigin(plain)).toBe('http://manager.example:7070');
    expect(requestOrigin({ ...plain, encrypted: true })).toBe('https://manager.example:7070');
    expect(requestOrigin({ ...plain, host: '[::1]:7070' })).toBe('http://[::1]:7070');
  });

  it('honours X-Forwarded-Proto and drops default ports', () => {
    expect(requestOrigin({ host: 'bosun.example', encrypted: false, forwardedProto: 'https, http' })).toBe(
      'https://bosun.example',
    );
    expect(requestOrigin({ ...plain, host: 'bosun.example:80' })).toBe('http://bosun.example');
  });

  it('refuses hosts that are not hosts', () => {
    for (const host of [undefined, '', 'a/b', 'user@host', 'host:port', 'a b']) {
      expect(requestOrigin({ ...plain, host }), String(host)).toBeUndefined();
    }
  });
});

describe('isHttps', () => {
  it('is true for TLS sockets and https forwarded by a proxy', () => {
    expect(isHttps({ encrypted: true, forwardedProto: undefined })).toBe(true);
    expect(isHttps({ encrypted: false, forwardedProto: 'HTTPS' })).toBe(true);
    expect(isHttps({ encrypted: false, forwardedProto: 'http' })).toBe(false);
    expect(isHttps({ encrypted: false, forwardedProto: undefined })).toBe(false);
  });
});

describe('isSameOrigin', () => {
  it('accepts the origin the request was addressed to', () => {
    expect(isSameOrigin('http://manager.example:7070', plain)).toBe(true);
  });

  it('refuses other sites, other schemes, other ports and missing origins', () => {
    expect(isSameOrigin('http://evil.example', plain)).toBe(false);
    expect(isSameOrigin('https://manager.example:7070', plain)).toBe(false);
    expect(isSameOrigin('http://manager.example:7071', plain)).toBe(false);
    expect(isSameOrigin('null', plain)).toBe(false);
    expect(isSameOrigin(undefined, plain)).toBe(false);
  });

  it('also accepts the public URL, for proxies that rewrite Host', () => {
    const proxied = { host: '127.0.0.1:7070', encrypted: false, forwardedProto: 'https' };
    expect(isSameOrigin('https://bosun.example', proxied, 'https://bosun.example/')).toBe(true);
    expect(isSameOrigin('https://other.example', proxied, 'https://bosun.example/')).toBe(false);
  });
});

describe('normalizeOrigin', () => {
  it('keeps http(s) origins only', () => {
    expect(normalizeOrigin('HTTP://Example.COM:80/path')).toBe('http://example.com');
    expect(normalizeOrigin('file:///etc/passwd')).toBeUndefined();
    expect(normalizeOrigin('not a url')).toBeUndefined();
  });
});
