import { loginBodySchema, ProtocolError, SESSION_COOKIE, type UserResponse } from '@bosun/protocol';
import { Hono } from 'hono';
import { audit } from '../audit-log.ts';
import {
  type ApiDeps,
  type AppContext,
  type AppEnv,
  clientAddress,
  clientKey,
  requestFacts,
} from '../http/app-env.ts';
import { authenticated } from '../http/auth-middleware.ts';
import { clearedSessionCookie, readCookie, sessionCookie } from '../http/cookies.ts';
import { rateLimited } from '../http/http-errors.ts';
import { isHttps, isSameOrigin } from '../http/origin.ts';
import { readJson } from '../http/request-input.ts';
import { userViewWithGrants } from '../http/user-view.ts';

const WRONG = 'wrong username or password';

/** POST /api/login, POST /api/logout, GET /api/me. */
export function sessionRoutes(deps: ApiDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const { limiters, limits, store, sessions, passwords } = deps;

  app.post('/api/login', async (c) => {
    refuseCrossOrigin(c, deps, c.req.header('origin') !== undefined);
    const client = clientKey(c);
    const byClient = limiters.loginIp.take(`login:${client}`);
    if (!byClient.allowed) throw rateLimited('too many login attempts; wait a minute', byClient.retryAfterMs);
    const body = await readJson(c, loginBodySchema, { maxBytes: limits.maxLoginBodyBytes });
    // Failures are counted per client and username, so only the one guessing is slowed down: a
    // stranger's failures never stand between a user and the right password. Each attempt
    // takes from the bucket and a success gives it all back, so in effect only failures count.
    const pairKey = `login-failures:${client}|${body.username.toLowerCase()}`;
    const byPair = limiters.loginFailures.take(pairKey);
    if (!byPair.allowed) throw rateLimited('too many failed logins; wait a little', byPair.retryAfterMs);

    const user = await store.users.byUsername(body.username);
    // Unknown users cost the same hashing work as known ones, so timing does not tell them apart.
    const ok = await deps.passwordChecks.run(client, () =>
      passwords.verify(body.password, user?.passwordHash),
    );
    if (!user || !ok) {
      // Unknown names are recorded too (a spray of guesses is worth seeing), under the name tried.
      await audit(deps, {
        actor: 'anonymous',
        actorName: body.username,
        source: clientAddress(c),
        action: 'session.login',
        target: user ? `user:${user.id}` : 'user:?',
        outcome: 'denied',
        ...(user ? {} : { detail: { reason: 'unknown user' } }),
      });
      throw new ProtocolError('unauthorized', WRONG);
    }
    limiters.loginFailures.reset(pairKey);
    // Hashes made with older parameters are upgraded while the password is at hand.
    if (passwords.needsRehash(user.passwordHash)) {
      const passwordHash = await deps.passwordChecks.run(client, () => passwords.hash(body.password));
      await store.users.update(user.id, { passwordHash });
    }
    const { token } = await sessions.create(user.id);
    await audit(deps, {
      actor: { kind: 'user', userId: user.id, username: user.username, role: user.role, grants: [] },
      source: clientAddress(c),
      action: 'session.login',
      target: `user:${user.id}`,
      outcome: 'ok',
    });
    c.header(
      'Set-Cookie',
      sessionCookie(token, { secure: isHttps(requestFacts(c)), maxAgeSeconds: sessions.cookieMaxAgeSeconds }),
    );
    return c.json({ user: await userViewWithGrants(store, user) } satisfies UserResponse);
  });

  app.post('/api/logout', async (c) => {
    const token = readCookie(c.req.header('cookie'), SESSION_COOKIE);
    if (token) {
      refuseCrossOrigin(c, deps, true);
      // Whose session it was, before it is gone; a cookie of no live session ends nothing worth
      // recording.
      const ended = await deps.authenticator.authenticate({
        authorization: undefined,
        cookie: c.req.header('cookie'),
      });
      await sessions.destroy(token);
      deps.credentialChanges.withdrawn();
      if (ended) {
        await audit(deps, {
          actor: ended.principal,
          source: clientAddress(c),
          action: 'session.logout',
          target: `user:${ended.principal.userId}`,
          outcome: 'ok',
        });
      }
    }
    c.header('Set-Cookie', clearedSessionCookie({ secure: isHttps(requestFacts(c)) }));
    return c.body(null, 204);
  });

  app.get('/api/me', authenticated(deps), async (c) => {
    const { principal } = c.get('auth');
    const user = await store.users.byId(principal.userId);
    if (!user) throw new ProtocolError('unauthorized', 'not logged in, or the session has expired');
    return c.json({ user: await userViewWithGrants(store, user) } satisfies UserResponse);
  });

  return app;
}

// Login CSRF (logging a victim into the attacker's account) and forced logout: a browser always
// sends Origin on POST, so when it is there it must be ours.
function refuseCrossOrigin(c: AppContext, deps: ApiDeps, check: boolean): void {
  if (!check) return;
  if (!isSameOrigin(c.req.header('origin'), requestFacts(c), deps.publicUrl)) {
    throw new ProtocolError('forbidden', 'cross-origin request refused');
  }
}
