import { type Clock, newId, randomToken, type Store } from '@bosun/hub';
import { MIN_PASSWORD_LENGTH, ProtocolError } from '@bosun/protocol';
import { audit } from './audit-log.ts';
import type { Logger } from './ports/logger.ts';
import type { PasswordHasher } from './ports/password-hasher.ts';

/** The username of the admin made on a manager's first start. */
export const FIRST_ADMIN = 'admin';

/** What `ensureFirstAdmin` did; a generated password is for the caller to show once. */
export type FirstAdminResult =
  | { created: false }
  | { created: true; username: string; generatedPassword: string | undefined };

/**
 * On a manager's first start (no users at all), creates `admin` with the given password, or with
 * a generated one that the caller shows once. Never again afterwards: later starts ignore the
 * password, so an old BOSUN_ADMIN_PASSWORD left in an environment cannot reset anything.
 */
export async function ensureFirstAdmin(
  deps: { store: Store; clock: Clock; logger: Logger; passwords: PasswordHasher },
  password: string | undefined,
): Promise<FirstAdminResult> {
  if ((await deps.store.users.count()) > 0) return { created: false };
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH) {
    throw new ProtocolError(
      'invalid_data',
      `BOSUN_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`,
    );
  }
  // 18 random bytes: 24 characters of base64url, 144 bits.
  const generated = password === undefined ? randomToken(18) : undefined;
  const id = newId('usr_');
  await deps.store.users.create({
    id,
    username: FIRST_ADMIN,
    passwordHash: await deps.passwords.hash(password ?? (generated as string)),
    role: 'admin',
    createdAt: deps.clock.now(),
  });
  await audit(deps, {
    actor: 'system',
    action: 'user.create',
    target: `user:${id}`,
    outcome: 'ok',
    detail: { username: FIRST_ADMIN, role: 'admin', firstStart: true },
  });
  return { created: true, username: FIRST_ADMIN, generatedPassword: generated };
}

/** The one-time notice with a generated password, framed so it stands out among log lines. */
export function firstStartBox(username: string, password: string, managerUrl: string): string {
  const lines = [
    'bosun manager: first start',
    '',
    `  user:     ${username}`,
    `  password: ${password}`,
    '',
    'This password is shown only this once. Log in and change it',
    "on the web UI's Account page (click your user name at the top):",
    `  ${accountPageUrl(managerUrl)}`,
    `The CLI logs in with: bosun login --manager ${managerUrl}`,
  ];
  const width = Math.max(...lines.map((line) => line.length));
  const rule = `+${'-'.repeat(width + 2)}+`;
  return `${[rule, ...lines.map((line) => `| ${line.padEnd(width)} |`), rule].join('\n')}\n`;
}

function accountPageUrl(managerUrl: string): string {
  return `${managerUrl.replace(/\/+$/, '')}/account`;
}
