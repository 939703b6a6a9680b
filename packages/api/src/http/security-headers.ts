import type { MiddlewareHandler } from 'hono';
import { type AppEnv, requestFacts } from './app-env.ts';
import { isHttps } from './origin.ts';

// The UI is served from the manager's own origin and needs nothing from elsewhere: no inline
// script, no framing (clickjacking), no plugins. connect-src 'self' covers its own WebSockets;
// data: images are allowed for icons a bundler inlines.
const CSP = [
  "default-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "object-src 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// A year, the floor browsers' preload lists ask for. No includeSubDomains: the manager's host
// says nothing about its neighbours. Browsers ignore the header over plain http, so sending it
// whenever the request says it came over https (a trusted-looking X-Forwarded-Proto included)
// can only keep a browser on https, never lock one out.
const HSTS = 'max-age=31536000';

/**
 * Sets the headers every answer carries, the web UI's pages included, and HSTS when the request
 * came over https (TLS on the manager, or a TLS-terminating proxy in front of it).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    if (isHttps(requestFacts(c))) headers.set('Strict-Transport-Security', HSTS);
    // API answers are per user and change all the time; no cache may keep them.
    if (c.req.path.startsWith('/api/') && !headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
  };
}
