import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { BOSUN_VERSION } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, watchChild } from '../kit/index.ts';

// The npm packages `npm run pack` makes, installed as a person would (globally, into a prefix of
// their own, offline: the single files need nothing from a registry), and run from there.

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let work: string;
let prefix: string;
let packs: string[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bosun-npm-packs-'));
  prefix = join(work, 'prefix');
  const out = join(work, 'packs');
  await run(process.execPath, [join(ROOT, 'scripts/release/pack.ts'), '--out', out]);
  packs = (await readdir(out)).sort();
  await run('npm', [
    'install',
    '--global',
    '--prefix',
    prefix,
    '--offline',
    '--ignore-scripts',
    '--no-audit',
    '--no-fund',
    ...packs.map((file) => join(out, file)),
  ]);
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe('npm run pack', () => {
  it('writes one package for the command and one for the agent, named for the version', () => {
    expect(packs).toEqual([`bosun-${BOSUN_VERSION}.tgz`, `bosun-agent-${BOSUN_VERSION}.tgz`]);
  });

  it('installs a bosun that prints its version', async () => {
    const { stdout } = await run(join(prefix, 'bin', 'bosun'), ['--version']);
    expect(stdout).toBe(`${BOSUN_VERSION}\n`);
  });

  it('installs a bosun-agent that explains its options', async () => {
    const { stdout } = await run(join(prefix, 'bin', 'bosun-agent'), ['--help']);
    expect(stdout).toMatch(/^Usage: bosun-agent \[options\]/);
    expect(stdout).toContain('--manager');
  });

  it("installs a bosun whose manager serves the web UI from the package's web folder", async () => {
    const manager = watchChild(
      spawn(
        join(prefix, 'bin', 'bosun'),
        ['manager', '--listen', '127.0.0.1:0', '--data-dir', join(work, 'data'), '--no-local-agent'],
        {
          cwd: work,
          env: { ...process.env, BOSUN_ADMIN_PASSWORD: 'npm-pack-admin-password', BOSUN_LOG_LEVEL: 'warn' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      ),
    );
    try {
      let url = '';
      await waitFor(
        () => {
          url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(manager.stdout())?.[1] ?? '';
          return url !== '';
        },
        { timeoutMs: 30_000, what: "the manager's banner", detail: () => manager.stderr() },
      );
      expect(manager.stdout()).toContain(`web UI:       ${url}`);
      const page = await fetch(`${url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    } finally {
      await manager.interrupt();
    }
  });
});
