import {
  type JoinTokenCreateBody,
  joinTokenCreatedSchema,
  type LoginBody,
  SESSION_COOKIE,
} from '@bosun/protocol';

// Long enough for a slow first Docker answer; the token is used seconds after it is made.
const JOIN_TOKEN_TTL = '10m';

function sessionCookie(response: Response): string {
  for (const header of response.headers.getSetCookie()) {
    const [pair = ''] = header.split(';');
    const eq = pair.indexOf('=');
    if (eq > 0 && pair.slice(0, eq).trim() === SESSION_COOKIE) return pair.trim();
  }
  throw new Error('the manager accepted the login but sent no session cookie');
}

/**
 * A join token for the local agent, made over the HTTP API as the admin (the Worker has no other
 * door in): log in, create the token, log out.
 */
export async function createLocalJoinToken(
  managerUrl: string,
  admin: { username: string; password: string },
  agentName: string | undefined,
): Promise<string> {
  const { username, password } = admin;
  // Cookie-authenticated writes must come from the manager's own origin (its CSRF check).
  const origin = new URL(managerUrl).origin;
  const login = await fetch(new URL('/api/login', managerUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password } satisfies LoginBody),
  });
  if (!login.ok) throw new Error(`logging in as ${username} failed: HTTP ${login.status}`);
  const cookie = sessionCookie(login);
  try {
    const created = await fetch(new URL('/api/join-tokens', managerUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin },
      body: JSON.stringify({
        ttl: JOIN_TOKEN_TTL,
        ...(agentName === undefined ? {} : { name: agentName }),
      } satisfies JoinTokenCreateBody),
    });
    if (created.status !== 201) throw new Error(`creating a join token failed: HTTP ${created.status}`);
    return joinTokenCreatedSchema.parse(await created.json()).token;
  } finally {
    // The session only served to make the token; one whose logout fails expires on its own.
    await fetch(new URL('/api/logout', managerUrl), { method: 'POST', headers: { cookie, origin } }).catch(
      () => {},
    );
  }
}
