import type { ApiDeps } from '../http/app-env.ts';
import type { Authenticated } from './authenticator.ts';
import { hashToken } from './tokens.ts';

/** What else a password change ends besides the user's other sessions. */
export type PasswordChangeScope = {
  /** Keep the user's API tokens (the user chose to, on their own change). */
  keepTokens: boolean;
};

/**
 * After a password change: every session of the user ends except the one that made the change
 * when it is the user's own (they stay logged in where they typed it), and so do their API
 * tokens unless `keepTokens` (again but the token that made the change, when it is the user's
 * own): a password changed because it leaked must not leave a token made with it working. Live
 * connections check their credentials at once.
 */
export async function endSessionsAfterPasswordChange(
  deps: Pick<ApiDeps, 'store' | 'clock' | 'credentialChanges'>,
  auth: Authenticated,
  userId: string,
  scope: PasswordChangeScope,
): Promise<void> {
  const own = auth.principal.userId === userId;
  const keep = auth.via === 'session' && own ? await hashToken(auth.sessionToken) : undefined;
  await deps.store.sessions.deleteForUser(userId, keep);
  if (!scope.keepTokens) {
    const keepToken = auth.via === 'token' && own ? auth.tokenId : undefined;
    await deps.store.apiTokens.revokeForUser(userId, deps.clock.now(), keepToken);
  }
  deps.credentialChanges.withdrawn();
}
