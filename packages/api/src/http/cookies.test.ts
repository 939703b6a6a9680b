import { describe, expect, it } from 'vitest';
import { clearedSessionCookie, readCookie, SESSION_COOKIE, sessionCookie } from './cookies.ts';

describe('session cookie', () => {
  it('is HttpOnly, SameSite=Strict, Path=/ and Secure only over https', () => {
    expect(sessionCookie('abc', { secure: false, maxAgeSeconds: 60 })).toBe(
      'bosun_session=abc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60',
    );
    expect(sessionCookie('abc', { secure: true, maxAgeSeconds: 60.9 })).toBe(
      'bosun_session=abc; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=60',
    );
  });

  it('clears with Max-Age=0 and the same attributes', () => {
    expect(clearedSessionCookie({ secure: true })).toBe(
      'bosun_session=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0',
    );
  });
});

describe('readCookie', () => {
  it('finds a cookie among others', () => {
    expect(readCookie('a=1; bosun_session=tok; b=2', SESSION_COOKIE)).toBe('tok');
    expect(readCookie('bosun_session="quoted"', SESSION_COOKIE)).toBe('quoted');
    expect(readCookie('bosun_session=first; bosun_session=second', SESSION_COOKIE)).toBe('first');
  });

  it('is undefined when absent or unreadable', () => {
    expect(readCookie(undefined, SESSION_COOKIE)).toBeUndefined();
    expect(readCookie('other=1; nope', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie('xbosun_session=1', SESSION_COOKIE)).toBeUndefined();
    expect(readCookie(`bosun_session=${'x'.repeat(20_000)}`, SESSION_COOKIE)).toBeUndefined();
  });
});
