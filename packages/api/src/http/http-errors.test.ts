import { ERROR_CODES, ProtocolError } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { rateLimited, statusFor, toHttpError } from './http-errors.ts';

describe('statusFor', () => {
  it('maps each error code to its status', () => {
    expect(statusFor('invalid_data')).toBe(400);
    expect(statusFor('bad_json')).toBe(400);
    expect(statusFor('unauthorized')).toBe(401);
    expect(statusFor('forbidden')).toBe(403);
    expect(statusFor('not_found')).toBe(404);
    expect(statusFor('conflict')).toBe(409);
    expect(statusFor('too_large')).toBe(413);
    expect(statusFor('rate_limited')).toBe(429);
    expect(statusFor('agent_offline')).toBe(503);
    expect(statusFor('docker_unavailable')).toBe(503);
    expect(statusFor('store_unavailable')).toBe(503);
    expect(statusFor('timeout')).toBe(504);
    expect(statusFor('internal')).toBe(500);
    expect(statusFor('protocol_mismatch')).toBe(500);
  });

  it('gives every code a status between 400 and 599', () => {
    for (const code of ERROR_CODES) {
      expect(statusFor(code)).toBeGreaterThanOrEqual(400);
      expect(statusFor(code)).toBeLessThan(600);
    }
  });
});

describe('toHttpError', () => {
  it('keeps the code and message of a ProtocolError', () => {
    expect(toHttpError(new ProtocolError('not_found', 'no agent "x"'))).toEqual({
      status: 404,
      body: { error: { code: 'not_found', message: 'no agent "x"' } },
      headers: {},
    });
  });

  it('answers a failing store with 503, its message and Retry-After, never 401', () => {
    const busy = new ProtocolError('store_unavailable', "the manager's database is busy; try again", {
      details: { retryAfterMs: 1500 },
    });
    expect(toHttpError(busy)).toEqual({
      status: 503,
      body: { error: { code: 'store_unavailable', message: "the manager's database is busy; try again" } },
      headers: { 'Retry-After': '2' },
    });
    expect(toHttpError(new ProtocolError('store_unavailable', 'full')).headers).toEqual({
      'Retry-After': '1',
    });
  });

  it('hides internals: plain errors and internal ProtocolErrors become a bare 500', () => {
    const plain = toHttpError(new Error('ENOENT /var/lib/bosun/secret'));
    expect(plain).toEqual({
      status: 500,
      body: { error: { code: 'internal', message: 'internal error' } },
      headers: {},
    });
    const internal = toHttpError(new ProtocolError('internal', 'cannot open database /var/lib/x'));
    expect(internal.body.error.message).toBe('internal error');
    expect(toHttpError('a string').status).toBe(500);
  });

  it('adds Retry-After in whole seconds to 429s', () => {
    expect(toHttpError(rateLimited('slow down', 1500)).headers).toEqual({ 'Retry-After': '2' });
    expect(toHttpError(new ProtocolError('rate_limited', 'busy')).headers).toEqual({ 'Retry-After': '1' });
  });
});
