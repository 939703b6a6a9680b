import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  errorCodeSchema,
  isFinalError,
  ProtocolError,
  toWireError,
  wireErrorSchema,
} from './errors.ts';
import { MAX_ERROR_MESSAGE_LENGTH } from './limits.ts';

describe('ProtocolError', () => {
  it('carries code, details and cause', () => {
    const cause = new Error('socket closed');
    const error = new ProtocolError('timeout', 'no answer in 30 s', { details: { ms: 30_000 }, cause });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ProtocolError');
    expect(error.code).toBe('timeout');
    expect(error.details).toEqual({ ms: 30_000 });
    expect(error.cause).toBe(cause);
  });
});

describe('toWireError', () => {
  it('keeps a ProtocolError as it is', () => {
    expect(
      toWireError(new ProtocolError('not_found', 'no such container', { details: { id: 'x' } })),
    ).toEqual({
      code: 'not_found',
      message: 'no such container',
      details: { id: 'x' },
    });
  });

  it('turns anything else into a generic internal error, leaking nothing', () => {
    const leaky = Object.assign(new Error('EACCES: /var/run/docker.sock'), { code: 'not_found' });
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('boom');
        },
      },
    );
    for (const thrown of [
      leaky,
      new TypeError('x is undefined'),
      'string',
      42,
      null,
      undefined,
      hostile,
      {},
    ]) {
      const wire = toWireError(thrown);
      expect(wire).toEqual({ code: 'internal', message: 'internal error' });
      expect(JSON.stringify(wire)).not.toMatch(/docker\.sock|undefined|at /);
    }
  });

  it('passes a wire error received from a peer through', () => {
    expect(toWireError({ code: 'agent_offline', message: 'web-1 is offline' })).toEqual({
      code: 'agent_offline',
      message: 'web-1 is offline',
    });
  });

  it('recognises a ProtocolError from another copy of this package by its name and code', () => {
    const foreign = Object.assign(new Error('slow down'), { name: 'ProtocolError', code: 'rate_limited' });
    expect(toWireError(foreign)).toEqual({ code: 'rate_limited', message: 'slow down' });
  });

  it('truncates long messages to what the schema accepts', () => {
    const wire = toWireError(
      new ProtocolError('internal', `${'x'.repeat(MAX_ERROR_MESSAGE_LENGTH - 2)}😀😀`),
    );
    expect(wire.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE_LENGTH);
    expect(wire.message.endsWith('…')).toBe(true);
    expect(wireErrorSchema.safeParse(wire).success).toBe(true);
    expect(wire.message).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('error codes', () => {
  it('are all accepted by the schema', () => {
    for (const code of ERROR_CODES) expect(errorCodeSchema.parse(code)).toBe(code);
    expect(errorCodeSchema.safeParse('teapot').success).toBe(false);
  });

  it('are final when asking again cannot change the answer, and passing otherwise', () => {
    const passing = ERROR_CODES.filter((code) => !isFinalError(code));
    expect(passing).toEqual([
      'protocol_mismatch',
      'docker_unavailable',
      'timeout',
      'agent_offline',
      'rate_limited',
      'store_unavailable',
      'internal',
    ]);
    expect(isFinalError('teapot')).toBe(false);
  });
});
