import { describe, expect, it } from 'vitest';
import { ApiTestBed } from '../testing/api-test-bed.ts';
import { expectError, readJson } from '../testing/read-json.ts';

const REFUSED =
  'host "evil.example" is not served here; add it to --allowed-hosts (or set --public-url) to allow it';

describe('the allowed hosts', () => {
  it('refuses a login under a rebound name even with its matching Origin', async () => {
    const bed = new ApiTestBed();
    const user = await bed.user('admin');
    const res = await bed.request('POST', '/api/login', {
      body: { username: user.username, password: user.password },
      origin: 'http://evil.example',
      headers: { host: 'evil.example' },
    });
    expect(await expectError(res, 403, 'forbidden')).toBe(REFUSED);
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a logged-in request and /healthz under a rebound name', async () => {
    const bed = new ApiTestBed();
    const browser = await bed.browser('admin');
    const headers = { host: 'evil.example' };
    await expectError(await bed.request('GET', '/api/me', { as: browser, headers }), 403, 'forbidden');
    await expectError(await bed.request('GET', '/healthz', { headers }), 403, 'forbidden');
  });

  it('answers IP literals and loopback names without any configuration', async () => {
    const bed = new ApiTestBed({ allowedHosts: [] });
    for (const host of ['127.0.0.1:7070', '192.0.2.5', '[::1]:7070', 'localhost:7070', 'bosun.localhost']) {
      expect((await bed.request('GET', '/healthz', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('answers the public URL and the allowed names and patterns', async () => {
    const bed = new ApiTestBed({ publicUrl: 'https://bosun.example.com', allowedHosts: ['*.fleet.example'] });
    for (const host of ['bosun.example.com', 'a.fleet.example:7070']) {
      expect((await bed.request('GET', '/healthz', { headers: { host } })).status, host).toBe(200);
    }
    await expectError(
      await bed.request('GET', '/healthz', { headers: { host: 'fleet.example' } }),
      403,
      'forbidden',
    );
  });

  it('prints the address the request came to in the join command when no public URL is set', async () => {
    const bed = new ApiTestBed({ allowedHosts: [] });
    const admin = await bed.script('admin');
    for (const host of ['192.0.2.5:7070', 'localhost:7070']) {
      const res = await bed.request('POST', '/api/join-tokens', { as: admin, headers: { host } });
      expect((await readJson(res)).command).toMatch(new RegExp(` bosun agent --manager http://${host}$`));
    }
  });
});
