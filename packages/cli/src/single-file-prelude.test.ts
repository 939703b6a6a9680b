import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { withPrelude } from '../bundle/compile-cached-body.ts';

// The single file's prelude (bundle/compile-cached-body.ts), around a small body that says where
// it runs from and whether the compile cache was on before it was compiled.
const BODY = [
  '#!/usr/bin/env node',
  "import module from 'node:module';",
  'await Promise.resolve();',
  'process.stdout.write(JSON.stringify({ url: import.meta.url, cache: module.getCompileCacheDir() !== undefined, args: process.argv.slice(2) }));',
].join('\n');

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-prelude-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(
  nodeArgs: string[],
  body = BODY,
): Promise<{ url: string; cache: boolean; args: string[] }> {
  const file = join(dir, 'cli.mjs');
  await writeFile(file, withPrelude(body));
  // The cache goes in the temporary folder, here a private one; NODE_COMPILE_CACHE would turn it
  // on for the whole process and hide whether the prelude did.
  const { NODE_COMPILE_CACHE, NODE_DISABLE_COMPILE_CACHE, ...outer } = process.env;
  const env = { ...outer, TMPDIR: dir };
  const { stdout } = await promisify(execFile)(process.execPath, [...nodeArgs, file, 'ps', '-a'], { env });
  return JSON.parse(stdout);
}

describe('the single file prelude', () => {
  it('runs the body as a module of this file, with the compile cache on and the arguments as given', async () => {
    const seen = await run([]);
    expect(seen).toEqual({
      url: `${pathToFileURL(join(dir, 'cli.mjs')).href}?body`,
      cache: true,
      args: ['ps', '-a'],
    });
  });

  it('still runs the body where Node has no in-thread hooks (Node before 22.15)', async () => {
    const withoutHooks = `data:text/javascript,${encodeURIComponent("import m from 'node:module'; m.registerHooks = undefined;")}`;
    const seen = await run(['--import', withoutHooks]);
    expect(seen.url).toBe(`${pathToFileURL(join(dir, 'cli.mjs')).href}?body`);
    expect(seen.args).toEqual(['ps', '-a']);
  });

  it('fails as the body fails', async () => {
    await expect(run([], 'throw new Error("the body failed");')).rejects.toMatchObject({ code: 1 });
  });
});
