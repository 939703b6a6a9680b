import { type ApiTokenCreated, apiTokenCreatedSchema } from '@bosun/protocol';
import { type CliConfig, writeConfig } from './config-file.ts';
import { ManagerClient } from './http-client.ts';

/** A saved login that holds a token for a known manager. */
export type SavedLogin = CliConfig & { manager: string; token: string };

/** How long a renewal may hold up the command it runs before: it is not what the user asked for. */
const RENEW_TIMEOUT_MS = 5_000;

/**
 * True once the saved token is past half its life, or when the login predates saved lifetimes
 * (such a token is renewed into one that has them).
 */
export function renewalDue(config: CliConfig, now: number): boolean {
  if (!config.token) return false;
  const { tokenCreatedAt: created, tokenExpiresAt: expires } = config;
  if (created === undefined || expires === undefined) return true;
  return now >= created + (expires - created) / 2;
}

/** The saved login with `created` in place of its token. */
export function withRenewedToken<C extends CliConfig>(config: C, created: ApiTokenCreated): C {
  return {
    ...config,
    token: created.token,
    tokenId: created.id,
    tokenCreatedAt: created.createdAt,
    tokenExpiresAt: created.expiresAt,
  };
}

/**
 * Swaps the saved token for a fresh one when it is due, so a CLI in regular use never meets an
 * expired login: the manager revokes the old token as it makes the new one, and the config
 * file is rewritten (atomically, 0600). Answers the login the command should use. A renewal
 * that fails (manager unreachable, token already revoked, file not writable) is left for the
 * next command: the old token is still the best there is, and the command the user ran goes
 * on with it and reports its own errors.
 */
export async function renewSavedToken(
  path: string,
  config: SavedLogin,
  now: number = Date.now(),
): Promise<SavedLogin> {
  if (!renewalDue(config, now)) return config;
  let created: ApiTokenCreated;
  try {
    created = await new ManagerClient(config.manager, { token: config.token }).json(
      '/api/api-tokens/current/renew',
      apiTokenCreatedSchema,
      { method: 'POST', timeoutMs: RENEW_TIMEOUT_MS },
    );
  } catch {
    // See above: a failed renewal never fails the command.
    return config;
  }
  const renewed = withRenewedToken(config, created);
  try {
    await writeConfig(path, renewed);
  } catch {
    // The old token is revoked by now, so this command uses the new one; the next finds the
    // saved token refused and asks for a login.
  }
  return renewed;
}
