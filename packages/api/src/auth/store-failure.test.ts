import { ProtocolError } from '@bosun/protocol';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_API_LIMITS } from '../limits.ts';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const FULL = "the manager's database is full (no space left on its disk); try again once space is freed";

function storeFull(): ProtocolError {
  return new ProtocolError('store_unavailable', FULL, { details: { retryAfterMs: 5_000 } });
}

// A failing store is no logout: whoever asks gets 503 and keeps their session and cookie.
describe('a failing store', () => {
  it('answers a session whose lookup fails with 503 and Retry-After, leaving the cookie alone', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser();
    vi.spyOn(bed.store.sessions, 'byIdHash').mockRejectedValue(storeFull());
    const res = await bed.request('GET', '/api/me', { as: browser });
    expect(await expectError(res, 503, 'store_unavailable')).toBe(FULL);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers a token whose lookup fails with 503, not 401', async () => {
    const bed = new ApiTestBed();
    const script = await bed.script();
    vi.spyOn(bed.store.apiTokens, 'byHash').mockRejectedValue(storeFull());
    await expectError(await bed.request('GET', '/api/me', { as: script }), 503, 'store_unavailable');
  });

  it('keeps serving a session and a token whose last-used time cannot be written', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser();
    const script = await bed.script();
    const sessionTouch = vi.spyOn(bed.store.sessions, 'touch').mockRejectedValue(storeFull());
    const tokenTouch = vi.spyOn(bed.store.apiTokens, 'touch').mockRejectedValue(storeFull());
    await bed.clock.advance(DEFAULT_API_LIMITS.sessionTouchMs);
    expect((await bed.request('GET', '/api/me', { as: browser })).status).toBe(200);
    expect((await bed.request('GET', '/api/me', { as: script })).status).toBe(200);
    expect(sessionTouch).toHaveBeenCalledTimes(1);
    expect(tokenTouch).toHaveBeenCalledTimes(1);
    // Nothing was written, so the next request tries again.
    sessionTouch.mockRestore();
    expect((await bed.request('GET', '/api/me', { as: browser })).status).toBe(200);
    const [record] = [...bed.store.sessions.rows.values()];
    expect(record?.lastUsedAt).toBe(bed.clock.now());
  });

  it('answers a login it cannot save with 503 and its message, and sets no cookie', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('viewer');
    vi.spyOn(bed.store.sessions, 'create').mockRejectedValue(storeFull());
    const res = await bed.request('POST', '/api/login', {
      body: { username: user.username, password: user.password },
    });
    expect(await expectError(res, 503, 'store_unavailable')).toBe(FULL);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('answers a logout it cannot save with 503 and keeps the cookie, so the session is not half ended', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser();
    vi.spyOn(bed.store.sessions, 'delete').mockRejectedValue(storeFull());
    const res = await bed.request('POST', '/api/logout', { as: browser });
    await expectError(res, 503, 'store_unavailable');
    expect(res.headers.get('set-cookie')).toBeNull();
    vi.restoreAllMocks();
    expect(await readJson(await bed.request('GET', '/api/me', { as: browser }))).toMatchObject({
      user: { id: browser.user.id },
    });
  });
});
