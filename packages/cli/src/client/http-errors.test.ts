import { describe, expect, it } from 'vitest';
import { unreachable } from './http-errors.ts';

function fetchFailure(code: string): TypeError {
  return new TypeError('fetch failed', { cause: Object.assign(new Error(code), { code }) });
}

describe('unreachable', () => {
  it('names the cause by its code', () => {
    expect(unreachable('https://m.test', fetchFailure('ECONNREFUSED')).message).toBe(
      'cannot reach the manager at https://m.test: ECONNREFUSED',
    );
  });

  it('says how to trust a private CA when the certificate is not trusted', () => {
    const message = unreachable('https://m.test', fetchFailure('DEPTH_ZERO_SELF_SIGNED_CERT')).message;
    expect(message).toMatch(/^cannot reach the manager at https:\/\/m\.test: DEPTH_ZERO_SELF_SIGNED_CERT \(/);
    expect(message).toMatch(/NODE_EXTRA_CA_CERTS/);
  });

  it("reads the code of node:https's own error, which carries it directly", () => {
    const error = Object.assign(new Error('self-signed certificate'), {
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    const message = unreachable('https://m.test', error).message;
    expect(message).toMatch(/^cannot reach the manager at https:\/\/m\.test: DEPTH_ZERO_SELF_SIGNED_CERT \(/);
    expect(message).toMatch(/NODE_EXTRA_CA_CERTS/);
  });
});
