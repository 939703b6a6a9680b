// `npm run deploy:cloudflare`: builds the web UI, then deploys the manager to Cloudflare with
// wrangler: the D1 database (created when missing), its migrations, the first admin's password
// as a secret on a first deploy, and the Worker. `--dry-run [--outdir DIR]` only bundles, offline.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { FIRST_ADMIN, firstStartBox } from '@bosun/api';
import { ensureD1Database, readD1Binding, remoteUserCount } from './d1-database.ts';
import { firstAdminPassword } from './first-admin-password.ts';
import { CLOUDFLARE_DIR, REPO_ROOT, runWrangler } from './wrangler.ts';

const USAGE = 'usage: npm run deploy:cloudflare [-- --dry-run [--outdir DIR]]';

function buildWebUi(): void {
  const built = spawnSync('bash', [join(REPO_ROOT, 'scripts/ensure-web.sh')], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error('building the web UI failed');
}

async function dryRun(outdir: string | undefined): Promise<void> {
  const dir = outdir ?? (await mkdtemp(join(tmpdir(), 'bosun-cloudflare-')));
  await runWrangler(['deploy', '--dry-run', '--outdir', dir]);
  process.stdout.write(`bosun: the Worker's bundle is in ${dir}; nothing was uploaded\n`);
}

/**
 * On a first deploy (no users yet), the admin's password rides with the Worker's version as a
 * secret, so no request can start the manager before it is set. It goes through a file only this
 * user can read, removed afterwards: never on a command line, in wrangler's log or in a URL.
 */
async function withFirstAdminSecret(deploy: (secretsFile: string | undefined) => Promise<string>) {
  if ((await remoteUserCount()) > 0) {
    if (process.env.BOSUN_ADMIN_PASSWORD) {
      process.stdout.write('bosun: the manager has users already; BOSUN_ADMIN_PASSWORD is ignored\n');
    }
    return { output: await deploy(undefined), generated: undefined };
  }
  const admin = firstAdminPassword();
  const dir = await mkdtemp(join(tmpdir(), 'bosun-secrets-'));
  try {
    const file = join(dir, 'secrets.json');
    await writeFile(file, JSON.stringify({ BOSUN_ADMIN_PASSWORD: admin.password }), { mode: 0o600 });
    return { output: await deploy(file), generated: admin.generated ? admin.password : undefined };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function deploy(): Promise<void> {
  await ensureD1Database(readD1Binding(join(CLOUDFLARE_DIR, 'wrangler.jsonc')));
  await runWrangler(['d1', 'migrations', 'apply', 'DB', '--remote']);
  const { output, generated } = await withFirstAdminSecret((secretsFile) =>
    runWrangler(['deploy', ...(secretsFile === undefined ? [] : ['--secrets-file', secretsFile])], 'tee'),
  );
  const url = process.env.BOSUN_PUBLIC_URL || /https:\/\/\S+\.workers\.dev/.exec(output)?.[0];
  if (generated !== undefined) {
    process.stdout.write(`\n${firstStartBox(FIRST_ADMIN, generated, url ?? '<your Worker URL>')}`);
  }
}

async function main(): Promise<void> {
  let values: { 'dry-run': boolean; outdir?: string | undefined };
  try {
    ({ values } = parseArgs({
      options: { 'dry-run': { type: 'boolean', default: false }, outdir: { type: 'string' } },
      strict: true,
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
  }
  if (values.outdir !== undefined && !values['dry-run'])
    throw new Error(`--outdir needs --dry-run\n${USAGE}`);
  buildWebUi();
  if (values['dry-run']) await dryRun(values.outdir);
  else await deploy();
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bosun: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
