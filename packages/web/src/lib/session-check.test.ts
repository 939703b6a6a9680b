import { EXAMPLE_USER_VIEW } from '@bosun/protocol/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionStillValid } from './session-check.ts';
import { jsonResponse } from './testing/json-response.ts';

function answer(status: number): Response {
  const body =
    status === 200
      ? { user: EXAMPLE_USER_VIEW }
      : { error: { code: status === 401 ? 'unauthorized' : 'agent_offline', message: 'no' } };
  return jsonResponse(status, body);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('sessionStillValid', () => {
  it('is true on 200 and false only on 401', async () => {
    vi.stubGlobal('fetch', async () => answer(200));
    await expect(sessionStillValid()).resolves.toBe(true);
    vi.stubGlobal('fetch', async () => answer(401));
    await expect(sessionStillValid()).resolves.toBe(false);
  });

  it('cannot tell while the manager is down or failing: it rejects, and the caller keeps trying', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(sessionStillValid()).rejects.toMatchObject({ code: 'unavailable' });
    vi.stubGlobal('fetch', async () => answer(503));
    await expect(sessionStillValid()).rejects.toMatchObject({ status: 503 });
  });
});
