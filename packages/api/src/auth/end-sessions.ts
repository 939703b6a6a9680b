import type { ApiDeps } from '../http/app-env.ts';
import type { Authenticated } from './authenticator.ts';
import { hashToken } from './tokens.ts';

/**
 * After a password change: every session of the user ends except the one that made the change
 * when it is the user's own (they stay logged in where they typed it), and live connections
 * check their credentials at once. API tokens are separate credentials and stay.
 */
export async function endSessionsAfterPasswordChange(
  deps: Pick<ApiDeps, 'store' | 'credentialChanges'>,
  auth: Authenticated,
  userId: string,
): Promise<void> {
  const keep =
    auth.via === 'session' && auth.principal.userId === userId
      ? await hashToken(auth.sessionToken)
      : undefined;
  await deps.store.sessions.deleteForUser(userId, keep);
  deps.credentialChanges.withdrawn();
}
