// `npm run dev:cloudflare`: the Cloudflare manager in local workerd (Miniflare's API, local D1),
// on BOSUN_LISTEN or 127.0.0.1:8787, with its data in BOSUN_DATA_DIR or .bosun/cloudflare, the
// first admin from BOSUN_ADMIN_PASSWORD or shown once, and an agent for this machine's Docker.
import { join, resolve } from 'node:path';
import { FIRST_ADMIN, firstStartBox } from '@bosun/api';
import { startLocalCloudflare } from '@bosun/cloudflare/local';
import { type DevAgent, startDevAgent } from './dev-agent.ts';
import { firstAdminPassword } from './first-admin-password.ts';
import { createLocalJoinToken } from './local-join-token.ts';
import { localUserCount } from './local-users.ts';
import { REPO_ROOT } from './wrangler.ts';

function envFlag(name: string, fallback: boolean): boolean {
  const value = process.env[name]?.trim().toLowerCase();
  if (value === undefined || value === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be 0 or 1, not ${JSON.stringify(process.env[name])}`);
}

const env = (name: string): string | undefined => process.env[name] || undefined;

const dataDir = resolve(env('BOSUN_DATA_DIR') ?? join(REPO_ROOT, '.bosun/cloudflare'));
const admin = firstAdminPassword();
const publicUrl = env('BOSUN_PUBLIC_URL');
const local = await startLocalCloudflare({
  listen: env('BOSUN_LISTEN') ?? '127.0.0.1:8787',
  persistDir: dataDir,
  // Only a start that finds no users uses it; later ones leave the admin as it is.
  adminPassword: admin.password,
  ...(publicUrl === undefined ? {} : { publicUrl }),
  ...(env('BOSUN_LOG_LEVEL') === undefined ? {} : { logLevel: env('BOSUN_LOG_LEVEL') }),
});
const base = publicUrl ?? local.url;
// Counted before the manager object's first request: none means this start creates the admin.
const firstStart = (await localUserCount(await local.miniflare.getD1Database('DB'))) === 0;
// A first request starts the object now, so the admin exists before anything is printed.
await fetch(new URL('/healthz', local.url)).then((response) => response.body?.cancel());
if (firstStart && admin.generated) {
  // Straight to the terminal, as `npm start` does: log files are kept and shipped.
  process.stderr.write(firstStartBox(FIRST_ADMIN, admin.password, base));
}

let agent: DevAgent | undefined;
if (envFlag('BOSUN_LOCAL_AGENT', true)) {
  const knownPassword = firstStart || !admin.generated;
  agent = await startDevAgent({
    managerUrl: local.url,
    dataDir,
    name: env('BOSUN_AGENT_NAME'),
    dockerHost: env('DOCKER_HOST'),
    joinToken: async () =>
      knownPassword
        ? createLocalJoinToken(local.url, { username: FIRST_ADMIN, password: admin.password }, env('BOSUN_AGENT_NAME'))
        : undefined,
  });
  if (!agent) {
    process.stderr.write(
      'bosun: the local agent has no credential; set BOSUN_ADMIN_PASSWORD to the admin\'s password ' +
        'and start again to enrol it, or enrol it with `bosun token create`\n',
    );
  }
}

process.stdout.write(
  [
    `bosun manager (Cloudflare, local workerd) is listening on ${local.url}`,
    `  web UI:       ${base}`,
    `  log in:       bosun login --manager ${base}`,
    `  data:         ${dataDir}`,
    agent ? "  local agent:  serving this machine's Docker (BOSUN_LOCAL_AGENT=0 to turn off)" : '  local agent:  off',
    '',
  ].join('\n'),
);

let stopping = false;
const stop = async () => {
  if (stopping) {
    // A second Ctrl-C: the person does not want to wait for the graceful path.
    process.exit(130);
  }
  stopping = true;
  await agent?.stop();
  await local.close();
  process.off('SIGINT', stop);
  process.off('SIGTERM', stop);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
