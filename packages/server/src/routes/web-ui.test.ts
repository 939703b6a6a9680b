import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerApp } from '../testing/test-app.ts';

let root: string;
let webDir: string;

function appWith(dir: string | undefined) {
  return testServerApp(dir === undefined ? {} : { webDir: dir });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-web-'));
  webDir = join(root, 'dist');
  await mkdir(join(webDir, 'assets'), { recursive: true });
  await writeFile(join(webDir, 'index.html'), '<!doctype html><title>ui</title>');
  await writeFile(join(webDir, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(join(root, 'secret.txt'), 'not for the web');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('web UI', () => {
  it('serves the built files, hashed assets cached for good', async () => {
    const app = appWith(webDir);
    const index = await app.request('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/^text\/html/);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    expect(await index.text()).toContain('<title>ui</title>');
    const asset = await app.request('/assets/app-1234.js');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(asset.headers.get('cache-control')).toContain('immutable');
  });

  it('falls back to index.html for client-side routes, not for missing assets or the API', async () => {
    const app = appWith(webDir);
    expect(await (await app.request('/agents/web-1')).text()).toContain('<title>ui</title>');
    const missing = await app.request('/assets/nope.js');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.request('/api/nope')).status).toBe(404);
  });

  it('never serves files outside the build folder', async () => {
    const app = appWith(webDir);
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt']) {
      const response = await app.request(path);
      expect(await response.text(), path).not.toContain('not for the web');
    }
  });

  it('without a build, shows a page pointing at the CLI, with the security headers', async () => {
    const response = await appWith(undefined).request('http://192.0.2.7:7070/');
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('web UI is not built');
    expect(html).toContain('bosun login --manager http://192.0.2.7:7070');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
