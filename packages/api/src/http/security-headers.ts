import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './app-env.ts';

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

/** Sets the headers every answer carries, the web UI's pages included. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const headers = c.res.headers;
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    headers.set('Referrer-Policy', 'no-referrer');
    headers.set('X-Frame-Options', 'DENY');
    headers.set('Cross-Origin-Opener-Policy', 'same-origin');
    // API answers are per user and change all the time; no cache may keep them.
    if (c.req.path.startsWith('/api/') && !headers.has('Cache-Control')) {
      headers.set('Cache-Control', 'no-store');
    }
  };
}
