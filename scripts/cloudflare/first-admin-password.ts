import { randomToken } from '@bosun/hub';
import { MIN_PASSWORD_LENGTH } from '@bosun/protocol';

/** The password the first admin gets: BOSUN_ADMIN_PASSWORD's, or a new one to show once. */
export type FirstAdminPassword = { password: string; generated: boolean };

/**
 * BOSUN_ADMIN_PASSWORD when set (checked as the manager checks it, so a short one fails here with
 * a clear message rather than inside the Worker), else 18 random bytes as `ensureFirstAdmin`
 * makes them: the Worker cannot show a password it generated, so the scripts make it and hand
 * it over as if the user had set it.
 */
export function firstAdminPassword(env: NodeJS.ProcessEnv = process.env): FirstAdminPassword {
  const given = env.BOSUN_ADMIN_PASSWORD;
  if (given === undefined || given === '') return { password: randomToken(18), generated: true };
  if (given.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`BOSUN_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return { password: given, generated: false };
}
