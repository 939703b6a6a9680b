import { ProtocolError, passwordChangeBodySchema } from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import { endSessionsAfterPasswordChange } from '../auth/end-sessions.ts';
import { type ApiDeps, type AppEnv, clientAddress, clientKey } from '../http/app-env.ts';
import { authenticated, notLoggedIn } from '../http/auth-middleware.ts';
import { rateLimited } from '../http/http-errors.ts';
import { readJson } from '../http/request-input.ts';

/** PUT /api/me/password: any logged-in user changes their own password. */
export function accountRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { limiters, limits, store, passwords } = deps;

  app.put('/api/me/password', authenticated(deps), async (c) => {
    const auth = c.get('auth');
    const { principal } = auth;
    const body = await readJson(c, passwordChangeBodySchema, { maxBytes: limits.maxLoginBodyBytes });
    // Whoever holds a session (a borrowed laptop) must not guess the password faster here than
    // at the login page. The count is the user's own, apart from the login's, so strangers'
    // failed logins never stop a password change, nor these failures a login.
    const userKey = `password-failures:${principal.userId}`;
    const attempt = limiters.passwordFailures.take(userKey);
    if (!attempt.allowed) {
      throw rateLimited('too many wrong passwords; wait a little', attempt.retryAfterMs);
    }
    const user = await store.users.byId(principal.userId);
    if (!user) throw notLoggedIn();
    const client = clientKey(c);
    const matches = await deps.passwordChecks.run(client, () =>
      passwords.verify(body.currentPassword, user.passwordHash),
    );
    if (!matches) {
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action: 'user.password',
        target: `user:${user.id}`,
        outcome: 'denied',
      });
      // Not a 401: the web UI takes any 401 for an ended session and would log the user out.
      throw new ProtocolError('invalid_data', 'current password is wrong');
    }
    limiters.passwordFailures.reset(userKey);
    const passwordHash = await deps.passwordChecks.run(client, () => passwords.hash(body.newPassword));
    // Deleted while the hash was made: its sessions went with it.
    if (!(await store.users.update(user.id, { passwordHash }))) throw notLoggedIn();
    // Whoever else was logged in as this user (perhaps the reason for the change) is logged out.
    const keepTokens = body.keepTokens === true;
    await endSessionsAfterPasswordChange(deps, auth, user.id, { keepTokens });
    await audit(deps, {
      actor: principal,
      source: clientAddress(c),
      action: 'user.password',
      target: `user:${user.id}`,
      outcome: 'ok',
      detail: { via: auth.via, keepTokens },
    });
    return c.body(null, 204);
  });

  return app;
}
