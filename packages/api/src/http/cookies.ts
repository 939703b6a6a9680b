import { SESSION_COOKIE } from '@bosun/protocol';

export { SESSION_COOKIE };

/** How the session cookie is set for one answer. */
export type CookieOptions = {
  /** Set when the request came over https (directly or per X-Forwarded-Proto). */
  secure: boolean;
  maxAgeSeconds: number;
};

// HttpOnly: scripts never see the token, so an injected script cannot carry it away.
// SameSite=Strict: no cross-site request carries it, the first line of CSRF defence; the Origin
// check on state-changing requests is the second.
function attributes(secure: boolean): string {
  return `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

/** The Set-Cookie value that gives the browser session `value`. */
export function sessionCookie(value: string, options: CookieOptions): string {
  return `${SESSION_COOKIE}=${value}; ${attributes(options.secure)}; Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`;
}

/** Tells the browser to forget the session cookie at once. */
export function clearedSessionCookie(options: { secure: boolean }): string {
  return `${SESSION_COOKIE}=; ${attributes(options.secure)}; Max-Age=0`;
}

// Cookie headers are short in practice; a huge one is not worth splitting.
const MAX_COOKIE_HEADER = 16 * 1024;

/** The value of cookie `name` in a Cookie header, or undefined. The first one wins, as in browsers. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header.length > MAX_COOKIE_HEADER) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    return value;
  }
  return undefined;
}
