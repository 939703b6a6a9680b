/** What a request says about where it was sent: enough to know the manager's own origin. */
export type RequestFacts = {
  /** The Host header. */
  host: string | undefined;
  /** True when the socket itself is TLS. */
  encrypted: boolean;
  /** X-Forwarded-Proto, as set by a TLS-terminating reverse proxy. */
  forwardedProto: string | undefined;
};

// A host, an IPv4 address or a bracketed IPv6 address, with an optional port: nothing that could
// smuggle a path or credentials into the origin built from it.
const HOST_PATTERN = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * Whether the client reached us over https. X-Forwarded-Proto is trusted for this because it
 * can only make things stricter (the cookie gets Secure, the expected origin becomes https).
 */
export function isHttps(facts: Pick<RequestFacts, 'encrypted' | 'forwardedProto'>): boolean {
  if (facts.encrypted) return true;
  const first = facts.forwardedProto?.split(',')[0]?.trim().toLowerCase();
  return first === 'https';
}

/** `scheme://host[:port]` as URL normalises it (default ports dropped), or undefined. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** The origin the request was addressed to, from its Host header. */
export function requestOrigin(facts: RequestFacts): string | undefined {
  const host = facts.host?.trim();
  if (!host || !HOST_PATTERN.test(host)) return undefined;
  return normalizeOrigin(`${isHttps(facts) ? 'https' : 'http'}://${host}`);
}

/**
 * CSRF check for cookie-authenticated requests: the browser's Origin must be the manager's own,
 * either the origin the request was addressed to or the configured public URL (when a proxy
 * rewrites Host). A page on another site can neither forge Origin nor choose Host, so a match
 * means the request came from the manager's own pages. A missing or `null` Origin fails.
 */
export function isSameOrigin(origin: string | undefined, facts: RequestFacts, publicUrl?: string): boolean {
  if (origin === undefined) return false;
  const given = normalizeOrigin(origin);
  if (given === undefined) return false;
  if (given === requestOrigin(facts)) return true;
  return publicUrl !== undefined && given === normalizeOrigin(publicUrl);
}
