import { hostname } from 'node:os';
import {
  type ApiTokenCreateBody,
  type ApiTokenCreated,
  apiTokenCreatedSchema,
  type LoginBody,
  SESSION_COOKIE,
  userResponseSchema,
} from '@bosun/protocol';
import { z } from 'zod';
import { readConfig, writeConfig } from '../client/config-file.ts';
import { ManagerClient } from '../client/http-client.ts';
import type { ManagerResponse } from '../client/manager-response.ts';
import { parseManagerUrl } from '../client/manager-url.ts';
import { promptPassword } from '../client/password-prompt.ts';
import { configPathOf } from '../client/settings.ts';
import { withRenewedToken } from '../client/token-renewal.ts';
import { ManagerError, NotLoggedInError, UsageError } from '../exit-codes.ts';

/** The options of `bosun login`, as Commander parsed them. */
export type LoginOptions = { manager?: string; user: string; config?: string };

const userSchema = z.string().min(1).max(128);

/**
 * A login's token lives a month; every command renews it past half its life, so only a CLI left
 * unused for two weeks or more needs a new login, and a copied config file stops working soon.
 */
const LOGIN_TOKEN_TTL = '30d';

/** What `bosun login` does, loaded only when it runs. */
export async function runLogin(options: LoginOptions): Promise<void> {
  const path = configPathOf(options);
  const config = await readConfig(path);
  const given = options.manager ?? config.manager;
  if (!given) throw new UsageError('--manager (or BOSUN_MANAGER) is required for the first login');
  const manager = parseManagerUrl(given);
  if (!userSchema.safeParse(options.user).success) throw new UsageError('--user must be 1-128 characters');
  const password = await readPassword(options.user);

  const { cookie, role } = await logIn(manager, options.user, password);
  const session = new ManagerClient(manager, { cookie });
  let created: ApiTokenCreated;
  try {
    created = await session.json('/api/api-tokens', apiTokenCreatedSchema, {
      method: 'POST',
      body: { name: tokenName(), ttl: LOGIN_TOKEN_TTL } satisfies ApiTokenCreateBody,
    });
  } finally {
    // The session only served to make the token; it should not outlive this command.
    await session.send('/api/logout', { method: 'POST', timeoutMs: 5000 }).catch(() => {});
  }
  await writeConfig(path, withRenewedToken({ manager, user: options.user }, created));
  // A second login replaces the first; its token is revoked so tokens do not pile up.
  if (config.token && config.tokenId && config.manager === manager) {
    await new ManagerClient(manager, { token: created.token })
      .send(`/api/api-tokens/${encodeURIComponent(config.tokenId)}`, {
        method: 'DELETE',
        timeoutMs: 5000,
      })
      .catch(() => {});
  }
  process.stderr.write(`Logged in to ${manager} as ${options.user} (${role}).\n`);
}

async function readPassword(user: string): Promise<string> {
  const fromEnv = process.env.BOSUN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) {
    throw new UsageError('no password: set BOSUN_PASSWORD or run bosun login in a terminal');
  }
  const password = await promptPassword(`Password for ${user}: `);
  if (password === '') throw new UsageError('the password is empty');
  return password;
}

/** POST /api/login; the answer's session cookie is all we keep of it. */
async function logIn(
  manager: string,
  username: string,
  password: string,
): Promise<{ cookie: string; role: string }> {
  const client = new ManagerClient(manager, undefined);
  let response: ManagerResponse;
  try {
    response = await client.send('/api/login', {
      method: 'POST',
      body: { username, password } satisfies LoginBody,
      timeoutMs: 30_000,
    });
  } catch (error) {
    if (error instanceof ManagerError && error.code === 'unauthorized') {
      throw new NotLoggedInError('wrong user name or password');
    }
    throw error;
  }
  const answer = userResponseSchema.safeParse(await response.json().catch(() => undefined));
  if (!answer.success) throw new Error('the manager sent an unexpected answer to the login');
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) {
      return { cookie: `${SESSION_COOKIE}=${pair.slice(eq + 1).trim()}`, role: answer.data.user.role };
    }
  }
  throw new Error('the manager accepted the login but sent no session cookie');
}

// Shown in the manager's token list, so a person can tell which machine a token belongs to.
function tokenName(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 48) || 'host';
  return `cli-${host}`;
}
