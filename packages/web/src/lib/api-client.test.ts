import { userResponseSchema } from '@bosun/protocol';
import { EXAMPLE_USER_VIEW } from '@bosun/protocol/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, apiNoContent } from './api-client.ts';
import { onSessionExpired } from './session-expiry.ts';
import { jsonResponse as answer } from './testing/json-response.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api', () => {
  it('answers with the parsed view, without fields the UI does not know', async () => {
    vi.stubGlobal('fetch', async () => answer(200, { user: { ...EXAMPLE_USER_VIEW, theme: 'dark' } }));
    await expect(api('GET', '/api/me', userResponseSchema)).resolves.toEqual({ user: EXAMPLE_USER_VIEW });
  });

  it('fails on an answer that does not match, saying where', async () => {
    vi.stubGlobal('fetch', async () => answer(200, { user: { ...EXAMPLE_USER_VIEW, role: 'owner' } }));
    await expect(api('GET', '/api/me', userResponseSchema)).rejects.toMatchObject({
      status: 200,
      code: 'bad_answer',
      message: expect.stringMatching(/^the manager sent an unexpected answer at user\.role: /),
    });
  });

  it("turns the manager's error body into the error, and anything else into the status", async () => {
    vi.stubGlobal('fetch', async () => answer(409, { error: { code: 'conflict', message: 'taken' } }));
    await expect(apiNoContent('DELETE', '/api/users/usr_1')).rejects.toMatchObject({
      status: 409,
      code: 'conflict',
      message: 'taken',
    });
    vi.stubGlobal('fetch', async () => new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(apiNoContent('DELETE', '/api/users/usr_1')).rejects.toMatchObject({
      status: 502,
      code: 'internal',
      message: 'the manager answered 502',
    });
  });

  it("shows a failing manager store's 503 as an error, and keeps the user signed in", async () => {
    const message =
      "the manager's database is full (no space left on its disk); try again once space is freed";
    vi.stubGlobal('fetch', async () => answer(503, { error: { code: 'store_unavailable', message } }));
    let expired = 0;
    const stop = onSessionExpired(() => {
      expired += 1;
    });
    try {
      await expect(api('GET', '/api/me', userResponseSchema)).rejects.toMatchObject({
        status: 503,
        code: 'store_unavailable',
        message,
      });
      expect(expired).toBe(0);
    } finally {
      stop();
    }
  });
});
