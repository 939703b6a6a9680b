import { type Principal, roleAtLeast } from '@bosun/hub';
import { ProtocolError, type Role } from '@bosun/protocol';
import type { MiddlewareHandler } from 'hono';
import { audit } from '../audit-log.ts';
import { type ApiDeps, type AppEnv, clientAddress, requestFacts } from './app-env.ts';
import { isSameOrigin } from './origin.ts';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The refusal for a request without a live session or token. */
export function notLoggedIn(): ProtocolError {
  return new ProtocolError('unauthorized', 'not logged in, or the session has expired');
}

/**
 * Requires a session cookie or an API token. A state-changing request authenticated by cookie
 * must also come from the manager's own origin (CSRF); a bearer token cannot be sent by a
 * browser on its own, so it needs no such check.
 */
export function authenticated(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = await deps.authenticator.authenticate({
      authorization: c.req.header('authorization'),
      cookie: c.req.header('cookie'),
    });
    if (!auth) throw notLoggedIn();
    if (auth.via === 'session' && !SAFE_METHODS.has(c.req.method)) {
      if (!isSameOrigin(c.req.header('origin'), requestFacts(c), deps.publicUrl)) {
        throw new ProtocolError('forbidden', 'cross-origin request refused');
      }
    }
    c.set('auth', auth);
    await next();
  };
}

/** True when `principal`'s global role is `role` or above (none < viewer < operator < admin). */
export function hasRole(principal: Principal, role: Role): boolean {
  return roleAtLeast(principal.role, role);
}

/** Requires at least `role`; a refusal is audited under `action`. */
export function requireRole(deps: ApiDeps, role: Role, action: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { principal } = c.get('auth');
    if (!hasRole(principal, role)) {
      await audit(deps, {
        actor: principal,
        source: clientAddress(c),
        action,
        target: c.req.path,
        outcome: 'denied',
        detail: { role: principal.role },
      });
      throw new ProtocolError('forbidden', `${role}s only`);
    }
    await next();
  };
}
