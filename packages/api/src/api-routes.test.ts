import { API_ROUTES, type ApiRoute, openApiDocumentSchema } from '@bosun/protocol';
import { describe, expect, it, vi } from 'vitest';
import { ApiTestBed } from './testing/api-test-bed.ts';
import { expectError, readJson } from './testing/read-json.ts';
import { registeredRoutes } from './testing/registered-routes.ts';

describe('createApiRoutes', () => {
  it('registers exactly the routes of protocol’s API_ROUTES, no more, no fewer', () => {
    const contract = (Object.values(API_ROUTES) as ApiRoute[]).map(
      (route) => `${route.method} ${route.path}`,
    );
    expect(registeredRoutes(new ApiTestBed().app)).toEqual([...contract].sort());
  });

  it('serves an OpenAPI document covering every route it registers, without credentials', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/openapi.json');
    expect(res.status).toBe(200);
    const document = openApiDocumentSchema.parse(await readJson(res));
    const described = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    expect(described.sort()).toEqual(registeredRoutes(bed.app));
    for (const operations of Object.values(document.paths)) {
      for (const operation of Object.values(operations)) expect(operation).toHaveProperty('responses');
    }
  });

  it('answers an unknown path with a JSON 404', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/nope');
    expect(await expectError(res, 404, 'not_found')).toBe('no route GET /api/nope');
  });

  it('sets the security headers, and no-store on API answers', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/api/me');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('asks browsers to keep to https (HSTS) when the request came over https, through a proxy too', async () => {
    const bed = new ApiTestBed();
    const res = await bed.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000');
  });

  it('hides what an unexpected error says, and logs it', async () => {
    const bed = new ApiTestBed();
    const admin = await bed.browser('admin');
    vi.spyOn(bed.store.users, 'list').mockRejectedValue(new Error('disk /var/lib/x failed'));
    const res = await bed.request('GET', '/api/users', { as: admin });
    expect(await expectError(res, 500, 'internal')).toBe('internal error');
    expect(bed.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'error',
        msg: 'request failed',
        fields: expect.objectContaining({ path: '/api/users' }),
      }),
    );
  });

  it('logs each request by method, path and status, never its query', async () => {
    const bed = new ApiTestBed();
    await bed.request('GET', '/healthz?secret=1');
    expect(bed.logger.lines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        msg: 'request',
        fields: expect.objectContaining({ method: 'GET', path: '/healthz', status: 200 }),
      }),
    );
    expect(JSON.stringify(bed.logger.lines)).not.toContain('secret');
  });

  it('refuses a body that is not JSON, and one over the size bound', async () => {
    const bed = new ApiTestBed({ limits: { maxBodyBytes: 64 } });
    const admin = await bed.browser('admin');
    await expectError(await bed.request('POST', '/api/users', { as: admin, body: '{nope' }), 400, 'bad_json');
    const big = { username: 'x'.repeat(100), password: 'long enough', role: 'viewer' };
    await expectError(await bed.request('POST', '/api/users', { as: admin, body: big }), 413, 'too_large');
  });

  it('asks the static assets for GETs no API route answers, after the API', async () => {
    const bed = new ApiTestBed({
      assets: async (c, next) => (c.req.path === '/index.html' ? c.html('<title>ui</title>') : next()),
    });
    const page = await bed.request('GET', '/index.html');
    expect(await page.text()).toBe('<title>ui</title>');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    await expectError(await bed.request('GET', '/missing.js'), 404, 'not_found');
    expect(await readJson(await bed.request('GET', '/healthz'))).toEqual({
      status: 'ok',
      store: { ok: true },
    });
  });
});
