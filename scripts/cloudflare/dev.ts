// `npm run dev:cloudflare`: the Cloudflare manager in local workerd (Miniflare's API, local D1),
// on BOSUN_LISTEN or 127.0.0.1:8787, with its data in BOSUN_DATA_DIR or .bosun/cloudflare, the
// first admin from BOSUN_ADMIN_PASSWORD or shown once, and an agent for this machine's Docker.
import { join, resolve } from 'node:path';
import { FIRST_ADMIN, firstStartBox } from '@bosun/api';
import { type LocalCloudflare, startLocalCloudflare } from '@bosun/cloudflare/local';
import { type DevAgent, startDevAgent } from './dev-agent.ts';
import { type FirstAdminPassword, firstAdminPassword } from './first-admin-password.ts';
import { createLocalJoinToken } from './local-join-token.ts';
import { localUserCount } from './local-users.ts';
import { REPO_ROOT } from './wrangler.ts';

const env = (name: string): string | undefined => process.env[name] || undefined;

function envFlag(name: string, fallback: boolean): boolean {
  const value = env(name)?.trim().toLowerCase();
  if (value === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`${name} must be 0 or 1, not ${JSON.stringify(process.env[name])}`);
}

/**
 * Starts the manager and, before anything else reaches it, counts its users: none means this
 * start creates the first admin with the password it was given, which is then shown if generated.
 */
async function startManager(dataDir: string, admin: FirstAdminPassword, publicUrl: string | undefined) {
  const logLevel = env('BOSUN_LOG_LEVEL');
  const local = await startLocalCloudflare({
    listen: env('BOSUN_LISTEN') ?? '127.0.0.1:8787',
    persistDir: dataDir,
    // Only a start that finds no users uses it; later ones leave the admin as it is.
    adminPassword: admin.password,
    ...(publicUrl === undefined ? {} : { publicUrl }),
    ...(logLevel === undefined ? {} : { logLevel }),
  });
  try {
    const firstStart = (await localUserCount(await local.miniflare.getD1Database('DB'))) === 0;
    // The object starts on its first request; this one makes the admin exist before it is shown.
    await (await fetch(new URL('/healthz', local.url))).body?.cancel();
    if (firstStart && admin.generated) {
      // Straight to the terminal, as `npm start` does: log files are kept and shipped.
      process.stderr.write(firstStartBox(FIRST_ADMIN, admin.password, publicUrl ?? local.url));
    }
    return { local, firstStart };
  } catch (error) {
    await local.close();
    throw error;
  }
}

/**
 * The agent for this machine's Docker. A first enrolment needs the admin's password: this
 * start's, or BOSUN_ADMIN_PASSWORD's on a later start whose agent lost its credential. A failure
 * leaves the manager running without it.
 */
async function startAgent(
  local: LocalCloudflare,
  dataDir: string,
  admin: FirstAdminPassword,
  firstStart: boolean,
) {
  const name = env('BOSUN_AGENT_NAME');
  try {
    const agent = await startDevAgent({
      managerUrl: local.url,
      dataDir,
      name,
      dockerHost: env('DOCKER_HOST'),
      joinToken: async () =>
        firstStart || !admin.generated
          ? createLocalJoinToken(local.url, { username: FIRST_ADMIN, password: admin.password }, name)
          : undefined,
    });
    if (!agent) {
      process.stderr.write(
        "bosun: the local agent has no credential; start again with BOSUN_ADMIN_PASSWORD set to the admin's " +
          'password to enrol it, or enrol it with `bosun token create`\n',
      );
    }
    return agent;
  } catch (error) {
    process.stderr.write(
      `bosun: the local agent did not start: ${error instanceof Error ? error.message : error}\n`,
    );
    return undefined;
  }
}

function banner(local: LocalCloudflare, base: string, dataDir: string, agent: DevAgent | undefined): string {
  return [
    `bosun manager (Cloudflare, local workerd) is listening on ${local.url}`,
    `  web UI:       ${base}`,
    `  log in:       bosun login --manager ${base}`,
    `  data:         ${dataDir}`,
    agent
      ? "  local agent:  serving this machine's Docker (BOSUN_LOCAL_AGENT=0 to turn off)"
      : '  local agent:  off',
    '',
  ].join('\n');
}

function untilSignalled(local: LocalCloudflare, agent: DevAgent | undefined): void {
  let stopping = false;
  const stop = () => {
    if (stopping) {
      // A second Ctrl-C: the person does not want to wait for the graceful path.
      process.exit(130);
    }
    stopping = true;
    void (async () => {
      await agent?.stop();
      await local.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    })();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function main(): Promise<void> {
  const dataDir = resolve(env('BOSUN_DATA_DIR') ?? join(REPO_ROOT, '.bosun/cloudflare'));
  const publicUrl = env('BOSUN_PUBLIC_URL');
  const localAgentOn = envFlag('BOSUN_LOCAL_AGENT', true);
  const admin = firstAdminPassword();
  const { local, firstStart } = await startManager(dataDir, admin, publicUrl);
  const agent = localAgentOn ? await startAgent(local, dataDir, admin, firstStart) : undefined;
  process.stdout.write(banner(local, publicUrl ?? local.url, dataDir, agent));
  untilSignalled(local, agent);
}

try {
  await main();
} catch (error) {
  process.stderr.write(`bosun: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
