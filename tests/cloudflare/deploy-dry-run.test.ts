import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DEPLOY = fileURLToPath(new URL('../../scripts/cloudflare/deploy.ts', import.meta.url));
// Cloudflare's limit on a Worker's compressed size on the Free plan (the Paid plan allows 10 MB).
const FREE_PLAN_LIMIT_BYTES = 3_000_000;
// Every module specifier the bundle imports or re-exports, statically or dynamically.
const SPECIFIER =
  /\b(?:import|export)\b[^'"`;]*?\bfrom\s*["']([^"']+)["']|\bimport\s*\(\s*["']([^"']+)["']\s*\)/g;

let outdir: string;
let bundle: string;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), 'bosun-dry-run-'));
  // The script itself sets wrangler's offline switches; nothing here may reach the network.
  await promisify(execFile)(process.execPath, [DEPLOY, '--dry-run', '--outdir', outdir], {
    env: { ...process.env, CLOUDFLARE_API_TOKEN: '', CLOUDFLARE_ACCOUNT_ID: '' },
  });
  bundle = await readFile(join(outdir, 'index.js'), 'utf8');
});

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

describe('npm run deploy:cloudflare -- --dry-run', () => {
  it("bundles the Worker within the Free plan's size limit", () => {
    expect(bundle).toContain('ManagerObject');
    expect(gzipSync(bundle).length).toBeLessThan(FREE_PLAN_LIMIT_BYTES);
  });

  it('imports no Node built-in, so it runs without nodejs_compat', () => {
    const specifiers = [...bundle.matchAll(SPECIFIER)].map((match) => match[1] ?? match[2] ?? '');
    const builtins = new Set(builtinModules);
    expect(specifiers.filter((name) => name.startsWith('node:') || builtins.has(name))).toEqual([]);
  });
});
