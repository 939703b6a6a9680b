import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testServerApp } from '../testing/test-app.ts';
import type { DownloadFiles } from './downloads.ts';

let root: string;
let cliFile: string;

function appWith(file: string | undefined, more: Omit<DownloadFiles, 'cli'> = {}) {
  return testServerApp({ downloads: { ...(file === undefined ? {} : { cli: file }), ...more } });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bosun-download-'));
  cliFile = join(root, 'bosun.mjs');
  await writeFile(cliFile, '#!/usr/bin/env node\nconsole.log("bosun");\n');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('GET /download/bosun', () => {
  it('hands out the single-file command without a login, as JavaScript to revalidate', async () => {
    const response = await appWith(cliFile).request('/download/bosun');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.headers.get('etag')).toMatch(/^"[\w-]+"$/);
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="bosun"');
    expect(await response.text()).toBe('#!/usr/bin/env node\nconsole.log("bosun");\n');
  });

  it('answers 304 to a client that has the same file, and the new file once it changed', async () => {
    const app = appWith(cliFile);
    const etag = (await app.request('/download/bosun')).headers.get('etag')!;
    const again = await app.request('/download/bosun', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const newer = join(root, 'newer.mjs');
    await writeFile(newer, '#!/usr/bin/env node\nconsole.log("bosun 22");\n');
    const changed = await appWith(newer).request('/download/bosun', { headers: { 'If-None-Match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });

  it('says how to build it when the manager has none', async () => {
    for (const file of [undefined, join(root, 'missing.mjs')]) {
      const response = await appWith(file).request('/download/bosun');
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('npm run build:cli');
    }
  });

  it('leaves every other path to the routes behind it', async () => {
    const response = await appWith(cliFile).request('/download/other');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('GET /download/bosun-agent and /download/bosun-agent-image', () => {
  it('hand out the single-file agent and the agent image without a login', async () => {
    const agent = join(root, 'bosun-agent.mjs');
    const image = join(root, 'bosun-agent-image.tar.gz');
    await writeFile(agent, 'console.log("agent");\n');
    await writeFile(image, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const app = appWith(undefined, { agent, agentImage: image });

    const agentResponse = await app.request('/download/bosun-agent');
    expect(agentResponse.status).toBe(200);
    expect(await agentResponse.text()).toBe('console.log("agent");\n');

    const imageResponse = await app.request('/download/bosun-agent-image');
    expect(imageResponse.status).toBe(200);
    expect(imageResponse.headers.get('content-type')).toBe('application/gzip');
    expect(imageResponse.headers.get('content-length')).toBe('7');
    expect([...new Uint8Array(await imageResponse.arrayBuffer())]).toEqual([0x1f, 0x8b, 8, 0, 1, 2, 3]);
  });

  it('say what is missing and how to get it when the manager has none', async () => {
    const app = appWith(undefined, { agentImage: join(root, 'missing.tar.gz') });
    const agent = await app.request('/download/bosun-agent');
    expect(agent.status).toBe(404);
    expect(await agent.text()).toContain('bosun-agent.mjs is not beside');
    const image = await app.request('/download/bosun-agent-image');
    expect(image.status).toBe(404);
    expect(await image.text()).toContain('--agent-image-file');
  });
});
