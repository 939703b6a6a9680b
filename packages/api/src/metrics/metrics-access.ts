import { ProtocolError } from '@bosun/protocol';
import type { MiddlewareHandler } from 'hono';
import { equalSecrets } from '../auth/equal-secrets.ts';
import { isApiToken } from '../auth/tokens.ts';
import type { ApiDeps, AppEnv } from '../http/app-env.ts';
import { hasRole } from '../http/auth-middleware.ts';

const BEARER = /^Bearer[ ]+(\S+)\s*$/i;

const HOW_TO =
  'send "Authorization: Bearer" with the metrics token (start the manager with --metrics-token or ' +
  "BOSUN_METRICS_TOKEN) or an admin's API token, or serve /metrics on its own address with --metrics-listen";

/**
 * Who may read `/metrics` on the manager's main address: whoever presents the metrics token as
 * a bearer (compared in constant time; never in a URL, where logs and proxies keep it), and
 * admins by API token or session. Without either the answer is 401 saying how to get access.
 */
export function metricsAccess(deps: ApiDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    const bearer = authorization === undefined ? undefined : BEARER.exec(authorization)?.[1];
    if (
      bearer !== undefined &&
      deps.metricsToken !== undefined &&
      (await equalSecrets(bearer, deps.metricsToken))
    ) {
      await next();
      return;
    }
    // Anything else in the header is not the metrics token; only an API token may still pass.
    if (authorization !== undefined && (bearer === undefined || !isApiToken(bearer))) {
      throw new ProtocolError('unauthorized', `not the metrics token: ${HOW_TO}`);
    }
    const auth = await deps.authenticator.authenticate({ authorization, cookie: c.req.header('cookie') });
    if (!auth) throw new ProtocolError('unauthorized', `metrics need credentials: ${HOW_TO}`);
    if (!hasRole(auth.principal, 'admin')) {
      throw new ProtocolError('forbidden', 'metrics are for admins and the metrics token only');
    }
    await next();
  };
}
