import { request as httpRequest } from 'node:http';
import {
  apiTokenCreatedSchema,
  apiTokenListResponseSchema,
  auditListResponseSchema,
  CLOSE_CODES,
  type ErrorBody,
  errorBodySchema,
  healthResponseSchema,
  joinTokenCreatedSchema,
  userResponseSchema,
} from '@bosun/protocol';
import { parseExact } from '@bosun/protocol/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../kit/index.ts';
import {
  ADMIN_PASSWORD,
  type ApiAnswer,
  ApiClient,
  openLogsSocket,
  startTestManager,
  type TestManager,
} from '../kit/test-manager.ts';

// Logins, sessions, API tokens and the CSRF rule against a real manager (no agents needed).

// As if behind a TLS proxy: the manager is also reached (and its pages served) at this origin.
const PUBLIC_URL = 'https://bosun.example';
let bed: TestManager;
let admin: ApiClient;

beforeAll(async () => {
  // Periodic credential checks far apart: a stream that ends here ended because a credential was
  // withdrawn, not because a timer came round. Login budgets refill over an hour, not a minute:
  // ten slow guesses (scrypt on a busy machine) must not earn an eleventh before it is counted.
  bed = await startTestManager({
    limits: {
      loginPerIp: 1000,
      loginWindowMs: 3_600_000,
      eventStreamPingMs: 600_000,
      viewerPingMs: 600_000,
    },
    publicUrl: PUBLIC_URL,
    // The tests' own address stands in for a reverse proxy, so X-Forwarded-For picks the client.
    trustedProxies: '127.0.0.1',
  });
  admin = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await bed?.cleanup();
});

describe('health and errors', () => {
  it('GET /healthz needs no login', async () => {
    expect(await new ApiClient(bed.url).callExactly(healthResponseSchema, 'GET', '/healthz')).toMatchObject({
      status: 200,
      body: { status: 'ok', store: { ok: true } },
    });
  });

  it('unknown routes are JSON 404s, for the logged-in and everyone else', async () => {
    for (const client of [admin, new ApiClient(bed.url)]) {
      const answer = await client.callExactly(errorBodySchema, 'GET', '/api/nothing-here');
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });

  it('a malformed JSON body is a 400 bad_json; a wrong shape is a 400 invalid_data', async () => {
    const bad = await admin.callExactly(errorBodySchema, 'POST', '/api/users', undefined, '{"username": ');
    expect(bad).toMatchObject({ status: 400, body: { error: { code: 'bad_json' } } });
    const wrong = await admin.callExactly(errorBodySchema, 'POST', '/api/users', {
      username: 'x',
      role: 'boss',
    });
    expect(wrong).toMatchObject({ status: 400, body: { error: { code: 'invalid_data' } } });
  });

  it('a login body over the size limit is a 413', async () => {
    const answer = await new ApiClient(bed.url).callExactly(errorBodySchema, 'POST', '/api/login', {
      username: 'admin',
      password: 'x'.repeat(10_000),
    });
    expect(answer).toMatchObject({ status: 413, body: { error: { code: 'too_large' } } });
  });

  it('every answer carries the security headers', async () => {
    const { headers } = await admin.call('GET', '/api/me');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.get('referrer-policy')).toBe('no-referrer');
  });
});

describe('login and sessions', () => {
  it('logs in with a session cookie and answers /api/me', async () => {
    const client = new ApiClient(bed.url);
    const login = await client.fetch(
      'POST',
      '/api/login',
      JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    );
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('bosun_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(cookie).not.toMatch(/Secure/);
    expect(parseExact(userResponseSchema, await login.json())).toEqual({
      user: {
        id: expect.any(String),
        username: 'admin',
        role: 'admin',
        createdAt: expect.any(Number),
        grants: [],
      },
    });
    const me = await client.callExactly(userResponseSchema, 'GET', '/api/me');
    expect(me).toMatchObject({ status: 200, body: { user: { username: 'admin', role: 'admin' } } });
  });

  it('marks the cookie Secure when the request came over https (via a proxy)', async () => {
    const response = await fetch(`${bed.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(response.headers.getSetCookie().join()).toMatch(/; Secure/);
  });

  it('refuses a wrong password and an unknown user with the same 401', async () => {
    const client = new ApiClient(bed.url);
    const login = (username: string) =>
      client.callExactly(errorBodySchema, 'POST', '/api/login', { username, password: 'not it' });
    const wrong = await login('admin');
    const unknown = await login('nobody');
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ error: { code: 'unauthorized', message: 'wrong username or password' } });
    }
    expect(client.cookie).toBeUndefined();
  });

  it('/api/me without a session is a 401', async () => {
    expect((await new ApiClient(bed.url).call('GET', '/api/me')).status).toBe(401);
    expect(
      (await new ApiClient(bed.url, { cookie: 'bosun_session=made-up' }).call('GET', '/api/me')).status,
    ).toBe(401);
  });

  it("slows down one client's failed logins for one user, never the user elsewhere", async () => {
    await admin.newUser('target', 'viewer');
    const stranger = new ApiClient(bed.url, { headers: { 'x-forwarded-for': '198.51.100.7' } });
    for (let i = 0; i < 5; i++) {
      expect(
        (await stranger.call('POST', '/api/login', { username: 'target', password: `guess ${i}` })).status,
      ).toBe(401);
    }
    // The one guessing waits now, even with the right password.
    const limited = await stranger.callExactly(errorBodySchema, 'POST', '/api/login', {
      username: 'target',
      password: 'target password',
    });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The user, from anywhere else, is not.
    const user = new ApiClient(bed.url, { headers: { 'x-forwarded-for': '203.0.113.8' } });
    expect(
      (await user.call('POST', '/api/login', { username: 'target', password: 'target password' })).status,
    ).toBe(200);
  });

  it('logout ends the session and clears the cookie', async () => {
    const client = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
    const session = client.cookie!;
    const out = await client.call('POST', '/api/logout');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie().join()).toMatch(/Max-Age=0/);
    expect(client.cookie).toBeUndefined();
    // The old cookie value is dead on the server too.
    expect((await new ApiClient(bed.url, { cookie: session }).call('GET', '/api/me')).status).toBe(401);
  });
});

/** Sends one request with headers fetch will not send (Host), answering its status and body. */
function rawRequest(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${bed.url}${path}`, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 0, body: '' });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const UPGRADE = {
  connection: 'Upgrade',
  upgrade: 'websocket',
  'sec-websocket-version': '13',
  'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
};

describe('allowed hosts (DNS rebinding)', () => {
  const rebound = { host: 'evil.example', origin: 'http://evil.example' };
  const refusal = {
    error: {
      code: 'forbidden',
      message:
        'host "evil.example" is not served here; add it to --allowed-hosts (or set --public-url) to allow it',
    },
  };

  it('refuses a login under a rebound name with its matching Origin', async () => {
    const answer = await rawRequest(
      'POST',
      '/api/login',
      { ...rebound, 'content-type': 'application/json' },
      JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    );
    expect({ status: answer.status, body: JSON.parse(answer.body) }).toEqual({ status: 403, body: refusal });
  });

  it('refuses both WebSocket endpoints under a rebound name, even with a session', async () => {
    for (const path of ['/ws/logs', '/ws/agent']) {
      const answer = await rawRequest('GET', path, { ...rebound, ...UPGRADE, cookie: admin.cookie! });
      expect({ path, status: answer.status, body: JSON.parse(answer.body) }).toEqual({
        path,
        status: 403,
        body: refusal,
      });
    }
  });

  it('answers the IP address and localhost it listens on, and the public URL', async () => {
    const port = new URL(bed.url).port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'bosun.example']) {
      expect((await rawRequest('GET', '/healthz', { host })).status, host).toBe(200);
    }
    const upgraded = await rawRequest('GET', '/ws/logs', {
      host: `localhost:${port}`,
      origin: `http://localhost:${port}`,
      ...UPGRADE,
      cookie: admin.cookie!,
    });
    expect(upgraded.status).toBe(101);
  });
});

describe('CSRF', () => {
  it('refuses cookie-authenticated changes without our Origin', async () => {
    const client = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
    client.origin = undefined;
    expect(await client.callExactly(errorBodySchema, 'POST', '/api/join-tokens', {})).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    client.origin = 'http://evil.example';
    expect((await client.call('POST', '/api/join-tokens', {})).status).toBe(403);
    // Reads need no Origin.
    expect((await client.call('GET', '/api/agents')).status).toBe(200);
    client.origin = bed.url;
    expect((await client.call('POST', '/api/join-tokens', {})).status).toBe(201);
  });

  it('accepts the configured public URL as our origin, and puts it in join commands', async () => {
    const client = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
    client.origin = PUBLIC_URL;
    const created = await client.okExactly(joinTokenCreatedSchema, 'POST', '/api/join-tokens', {});
    expect(created.command).toBe(`BOSUN_JOIN_TOKEN=${created.token} bosun agent --manager ${PUBLIC_URL}`);
  });

  it('refuses a cross-origin login', async () => {
    const client = new ApiClient(bed.url);
    client.origin = 'http://evil.example';
    expect(
      (await client.call('POST', '/api/login', { username: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(403);
  });
});

describe('API tokens', () => {
  it('are shown once, work as bearer tokens without Origin, and stop working when revoked', async () => {
    const created = await admin.callExactly(apiTokenCreatedSchema, 'POST', '/api/api-tokens', {
      name: 'ci',
      ttl: '1h',
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      token: expect.stringMatching(/^bsn_/),
      id: expect.any(String),
      name: 'ci',
      createdAt: expect.any(Number),
      expiresAt: expect.any(Number),
    });
    const { token, id } = created.body;
    const script = ApiClient.bearer(bed.url, token);
    expect(await script.callExactly(userResponseSchema, 'GET', '/api/me')).toMatchObject({
      status: 200,
      body: { user: { username: 'admin' } },
    });
    // A change with a bearer token needs no Origin.
    expect((await script.call('POST', '/api/join-tokens', { ttl: '5m' })).status).toBe(201);

    const { tokens } = await admin.okExactly(apiTokenListResponseSchema, 'GET', '/api/api-tokens');
    const listed = tokens.find((t) => t.id === id);
    expect(listed).toMatchObject({ name: 'ci', revokedAt: null });
    expect(listed).not.toHaveProperty('tokenHash');
    expect(JSON.stringify(tokens)).not.toContain(token);

    expect((await admin.call('DELETE', `/api/api-tokens/${id}`)).status).toBe(204);
    expect((await script.call('GET', '/api/me')).status).toBe(401);
  });

  it('a malformed or unknown bearer token is a 401', async () => {
    expect((await ApiClient.bearer(bed.url, 'nope').call('GET', '/api/me')).status).toBe(401);
    expect((await ApiClient.bearer(bed.url, `bsn_${'a'.repeat(43)}`).call('GET', '/api/me')).status).toBe(
      401,
    );
  });

  it('a user cannot revoke another user’s token; an admin can', async () => {
    const { client: alice } = await admin.newUser('alice', 'operator');
    const { client: bob } = await admin.newUser('bob', 'operator');
    const { id } = await alice.okExactly(apiTokenCreatedSchema, 'POST', '/api/api-tokens', {
      name: 'alice-laptop',
    });
    expect((await bob.call('DELETE', `/api/api-tokens/${id}`)).status).toBe(404);
    expect((await admin.call('DELETE', `/api/api-tokens/${id}`)).status).toBe(204);
    const { tokens } = await alice.okExactly(apiTokenListResponseSchema, 'GET', '/api/api-tokens');
    expect(tokens[0]?.revokedAt).toEqual(expect.any(Number));
  });
});

describe('users', () => {
  it('only admins manage users, and every change is audited', async () => {
    const { client: viewer } = await admin.newUser('val', 'viewer');
    expect((await viewer.call('GET', '/api/users')).status).toBe(403);
    expect(
      (await viewer.call('POST', '/api/users', { username: 'x1', password: 'long enough', role: 'admin' }))
        .status,
    ).toBe(403);

    const created = await admin.okExactly(userResponseSchema, 'POST', '/api/users', {
      username: 'carol',
      password: 'carol password',
      role: 'viewer',
    });
    const id = created.user.id;
    expect(
      (
        await admin.call('POST', '/api/users', {
          username: 'Carol',
          password: 'carol password',
          role: 'viewer',
        })
      ).status,
    ).toBe(409);
    expect(
      await admin.okExactly(userResponseSchema, 'PATCH', `/api/users/${id}`, { role: 'operator' }),
    ).toMatchObject({
      user: { role: 'operator' },
    });
    const carol = await ApiClient.login(bed.url, 'carol', 'carol password');
    await admin.okExactly(userResponseSchema, 'PATCH', `/api/users/${id}`, { password: 'a new password' });
    // A new password ends the user's sessions.
    expect((await carol.call('GET', '/api/me')).status).toBe(401);
    expect((await admin.call('DELETE', `/api/users/${id}`)).status).toBe(204);
    expect((await admin.call('DELETE', `/api/users/${id}`)).status).toBe(404);

    const { entries } = await admin.okExactly(auditListResponseSchema, 'GET', '/api/audit?limit=200');
    const actions = entries.filter((e) => e.target === `user:${id}`).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.create', 'user.update', 'user.delete']));
    const denied = entries.find((e) => e.action === 'user.create' && e.outcome === 'denied');
    expect(denied).toBeDefined();
  });

  it("an admin setting a password ends that user's sessions, their own but the one they used", async () => {
    const { id: otherId, client: other } = await admin.newUser('olga', 'operator');
    const { id: selfId, client: self } = await admin.newUser('ada', 'admin');
    const selfElsewhere = await ApiClient.login(bed.url, 'ada', 'ada password');
    expect(
      (await self.call('PATCH', `/api/users/${otherId}`, { password: 'olga new password' })).status,
    ).toBe(200);
    expect((await other.call('GET', '/api/me')).status).toBe(401);
    expect((await self.call('PATCH', `/api/users/${selfId}`, { password: 'ada new password' })).status).toBe(
      200,
    );
    expect((await self.call('GET', '/api/me')).status, 'the session that set it goes on').toBe(200);
    expect((await selfElsewhere.call('GET', '/api/me')).status, 'the other one ends').toBe(401);
    // The last-admin test counts on `admin` being the only admin.
    for (const id of [otherId, selfId]) await admin.ok('DELETE', `/api/users/${id}`);
  });

  it('an admin cannot delete themself, nor the last admin be demoted', async () => {
    const { users } = await admin.ok('GET', '/api/users');
    expect(
      users.filter((u: { role: string }) => u.role === 'admin'),
      'no other admin is left over from another test',
    ).toHaveLength(1);
    const { user } = await admin.okExactly(userResponseSchema, 'GET', '/api/me');
    expect((await admin.call('DELETE', `/api/users/${user.id}`)).status).toBe(409);
    expect((await admin.call('PATCH', `/api/users/${user.id}`, { role: 'viewer' })).status).toBe(409);
  });

  it('audit pages go back in time with before=', async () => {
    // Three logins are three entries of this test's own, whatever ran before it.
    for (let i = 0; i < 3; i++) await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
    const first = await admin.okExactly(auditListResponseSchema, 'GET', '/api/audit?limit=2');
    expect(first.entries).toHaveLength(2);
    const oldest = first.entries[1]!.id;
    const next = await admin.okExactly(auditListResponseSchema, 'GET', `/api/audit?limit=2&before=${oldest}`);
    expect(next.entries[0]!.id).toBeLessThan(oldest);
    expect((await admin.call('GET', '/api/audit?limit=0')).status).toBe(400);
  });
});

/** Opens /api/events and resolves when the manager ends it. */
async function eventStream(client: ApiClient): Promise<{ ended: () => boolean; abort(): void }> {
  const controller = new AbortController();
  const response = await fetch(`${bed.url}/api/events`, {
    headers: { cookie: client.cookie! },
    signal: controller.signal,
  });
  expect(response.status).toBe(200);
  let ended = false;
  void (async () => {
    for await (const _ of response.body as unknown as AsyncIterable<Uint8Array>);
  })()
    .catch(() => {})
    .finally(() => {
      ended = true;
    });
  return { ended: () => ended, abort: () => controller.abort() };
}

describe('changing one’s own password', () => {
  const status = async (client: ApiClient) => (await client.call('GET', '/api/me')).status;
  const canLogIn = async (username: string, password: string) =>
    (await new ApiClient(bed.url).call('POST', '/api/login', { username, password })).status === 200;
  const auditOf = async (id: string) => {
    const { entries } = await admin.okExactly(auditListResponseSchema, 'GET', '/api/audit?limit=200');
    return entries.filter((e) => e.action === 'user.password' && e.target === `user:${id}`);
  };

  it('a viewer changes theirs: the old password stops working, their other session ends, this one goes on', async () => {
    const { id, client: here } = await admin.newUser('pat', 'viewer');
    const elsewhere = await ApiClient.login(bed.url, 'pat', 'pat password');
    const theirOtherStream = await eventStream(elsewhere);
    const thisStream = await eventStream(here);
    try {
      const answer = await here.call('PUT', '/api/me/password', {
        currentPassword: 'pat password',
        newPassword: 'a brand new password',
      });
      expect(answer.status).toBe(204);
      expect(answer.body).toBeUndefined();
      // The other session is withdrawn at once, so its live stream ends without waiting for a ping.
      await waitFor(() => theirOtherStream.ended(), {
        timeoutMs: 10_000,
        what: "the other session's event stream to end",
      });
      expect(await status(elsewhere)).toBe(401);
      expect(await status(here)).toBe(200);
      expect(thisStream.ended(), "this session's stream goes on").toBe(false);
      expect(await canLogIn('pat', 'pat password')).toBe(false);
      expect(await canLogIn('pat', 'a brand new password')).toBe(true);
      expect(await auditOf(id)).toEqual([expect.objectContaining({ actor: `user:${id}`, outcome: 'ok' })]);
    } finally {
      theirOtherStream.abort();
      thisStream.abort();
    }
  });

  it('a wrong current password is a 400 (not a 401, which would log the browser out) and changes nothing', async () => {
    const { id, client } = await admin.newUser('quinn', 'operator');
    const elsewhere = await ApiClient.login(bed.url, 'quinn', 'quinn password');
    const answer = await client.callExactly(errorBodySchema, 'PUT', '/api/me/password', {
      currentPassword: 'not my password',
      newPassword: 'a brand new password',
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_data', message: 'current password is wrong' } },
    });
    expect(await status(client)).toBe(200);
    expect(await status(elsewhere)).toBe(200);
    expect(await canLogIn('quinn', 'quinn password')).toBe(true);
    expect(await canLogIn('quinn', 'a brand new password')).toBe(false);
    expect(await auditOf(id)).toEqual([expect.objectContaining({ outcome: 'denied' })]);
  });

  it('a new password shorter than a new user’s may be is a 400 and changes nothing', async () => {
    const { client } = await admin.newUser('rey', 'viewer');
    const answer = await client.callExactly(errorBodySchema, 'PUT', '/api/me/password', {
      currentPassword: 'rey password',
      newPassword: 'short',
    });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'invalid_data' } } });
    expect(answer.body.error.message).toMatch(/newPassword.*at least 8 characters/);
    expect((await client.call('PUT', '/api/me/password', { newPassword: 'long enough' })).status).toBe(400);
    expect(await status(client)).toBe(200);
    expect(await canLogIn('rey', 'rey password')).toBe(true);
  });

  it('refuses a cookie-authenticated change without our Origin, like any other change', async () => {
    const { client } = await admin.newUser('sam', 'viewer');
    const body = { currentPassword: 'sam password', newPassword: 'a brand new password' };
    client.origin = undefined;
    expect(await client.callExactly(errorBodySchema, 'PUT', '/api/me/password', body)).toMatchObject({
      status: 403,
      body: { error: { code: 'forbidden' } },
    });
    client.origin = 'http://evil.example';
    expect((await client.call('PUT', '/api/me/password', body)).status).toBe(403);
    expect(await canLogIn('sam', 'sam password')).toBe(true);
    expect(await status(client)).toBe(200);
  });

  it('guesses of the current password are slowed down on their own count, apart from the login', async () => {
    const { client } = await admin.newUser('tess', 'viewer');
    let refused = 0;
    let limited: ApiAnswer<ErrorBody> | undefined;
    for (let i = 0; i < 20 && !limited; i++) {
      const answer = await client.callExactly(errorBodySchema, 'PUT', '/api/me/password', {
        currentPassword: `guess ${i}`,
        newPassword: 'a brand new password',
      });
      if (answer.status === 429) limited = answer;
      else refused += 1;
    }
    expect(refused).toBe(5);
    expect(limited?.body).toMatchObject({ error: { code: 'rate_limited' } });
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    // The login page is not affected, and the session itself is untouched.
    expect(await canLogIn('tess', 'tess password')).toBe(true);
    expect(await status(client)).toBe(200);
  });

  it('with an API token: every session of the user ends, the token goes on', async () => {
    const { client: session } = await admin.newUser('uma', 'viewer');
    const { token } = await session.okExactly(apiTokenCreatedSchema, 'POST', '/api/api-tokens', {
      name: 'uma-cli',
    });
    const script = ApiClient.bearer(bed.url, token);
    expect(
      (
        await script.call('PUT', '/api/me/password', {
          currentPassword: 'uma password',
          newPassword: 'a brand new password',
        })
      ).status,
    ).toBe(204);
    expect(await status(session)).toBe(401);
    expect(await status(script)).toBe(200);
    expect(await canLogIn('uma', 'a brand new password')).toBe(true);
  });

  it('needs a login', async () => {
    const answer = await new ApiClient(bed.url).call('PUT', '/api/me/password', {
      currentPassword: 'whatever',
      newPassword: 'a brand new password',
    });
    expect(answer.status).toBe(401);
  });
});

describe('withdrawn credentials', () => {
  it("deleting a user ends their event stream and log socket at once, and nobody else's", async () => {
    const { id, client } = await admin.newUser('leaving', 'viewer');
    const theirs = await eventStream(client);
    const mine = await eventStream(admin);
    const opened = await openLogsSocket(bed.url, client.headersForSocket());
    if (!('socket' in opened)) throw new Error(`the log socket was refused: ${opened.status}`);
    try {
      await admin.ok('DELETE', `/api/users/${id}`);
      await waitFor(() => theirs.ended() && opened.socket.closed !== undefined, {
        timeoutMs: 10_000,
        what: "the deleted user's event stream and log socket to end",
      });
      expect(opened.socket.closed?.code).toBe(CLOSE_CODES.unauthorized);
      expect(mine.ended(), "the admin's own stream goes on").toBe(false);
    } finally {
      theirs.abort();
      mine.abort();
      opened.socket.close();
    }
  });

  it('logging out ends that session’s event stream', async () => {
    const { client } = await admin.newUser('brief', 'viewer');
    const stream = await eventStream(client);
    try {
      const out = await client.fetch('POST', '/api/logout');
      expect(out.status).toBe(204);
      await waitFor(() => stream.ended(), { timeoutMs: 10_000, what: 'the event stream to end on logout' });
    } finally {
      stream.abort();
    }
  });
});

describe('log sockets', () => {
  it('bounds them per user, so one user cannot hold them all', async () => {
    const small = await startTestManager({ limits: { maxViewerSocketsPerUser: 2, maxViewerSockets: 3 } });
    const opened: Array<{ ws: { close(): void } }> = [];
    try {
      const owner = await ApiClient.login(small.url, 'admin', ADMIN_PASSWORD);
      const { client: other } = await owner.newUser('other', 'viewer');
      const open = async (client: ApiClient) => {
        const result = await openLogsSocket(small.url, client.headersForSocket());
        if ('socket' in result) opened.push(result.socket);
        return 'socket' in result ? 'open' : { status: result.status, body: result.body };
      };
      expect(await open(owner)).toBe('open');
      expect(await open(owner)).toBe('open');
      const refused = await open(owner);
      expect(refused).toMatchObject({ status: 429 });
      expect(JSON.stringify(refused)).toContain('at most 2 log sockets at once per user');
      expect(await open(other)).toBe('open');
      // Now the manager's total (3) is reached: everyone waits.
      expect(JSON.stringify(await open(other))).toContain('too many log sockets open');
      opened[0]!.ws.close();
      await waitFor(async () => (await open(owner)) === 'open', { timeoutMs: 5000, what: 'a freed slot' });
    } finally {
      for (const socket of opened) socket.ws.close();
      await small.cleanup();
    }
  });
});

describe('agent endpoint', () => {
  it('one address holding its share of pending slots leaves the rest to others; log sockets take none', async () => {
    const small = await startTestManager({
      limits: { maxPendingAgentSocketsPerIp: 2, maxPendingAgentSockets: 3 },
    });
    const { default: WebSocket } = await import('ws');
    const sockets: Array<InstanceType<typeof WebSocket>> = [];
    const dial = (localAddress: string) =>
      new Promise<'open' | number>((resolve, reject) => {
        const ws = new WebSocket(`${small.url.replace('http', 'ws')}/ws/agent`, { localAddress });
        sockets.push(ws);
        ws.once('open', () => resolve('open'));
        ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.once('error', reject);
      });
    try {
      const owner = await ApiClient.login(small.url, 'admin', ADMIN_PASSWORD);
      // Log sockets first: they count against their own bound, not against agents' pending slots.
      for (let i = 0; i < 4; i++) {
        const viewer = await openLogsSocket(small.url, owner.headersForSocket());
        expect('socket' in viewer).toBe(true);
        if ('socket' in viewer) sockets.push(viewer.socket.ws);
      }
      expect(await dial('127.0.0.1')).toBe('open');
      expect(await dial('127.0.0.1')).toBe('open');
      expect(await dial('127.0.0.1')).toBe(429);
      expect(await dial('127.0.0.2')).toBe('open');
      expect(await dial('127.0.0.3')).toBe(429);
      // Agents waiting for their hello take no log socket either.
      const last = await openLogsSocket(small.url, owner.headersForSocket());
      if ('socket' in last) sockets.push(last.socket.ws);
      expect('socket' in last).toBe(true);
    } finally {
      for (const ws of sockets) ws.terminate();
      await small.cleanup();
    }
  });

  it('bounds sockets that have not said hello yet, per address', async () => {
    const small = await startTestManager({ limits: { maxPendingAgentSocketsPerIp: 2 } });
    const { default: WebSocket } = await import('ws');
    const dial = () =>
      new Promise<{ ws?: InstanceType<typeof WebSocket>; status?: number }>((resolve, reject) => {
        const ws = new WebSocket(`${small.url.replace('http', 'ws')}/ws/agent`);
        ws.once('open', () => resolve({ ws }));
        ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
        ws.once('error', reject);
      });
    try {
      const first = await dial();
      const second = await dial();
      expect(first.ws && second.ws).toBeTruthy();
      expect(await dial()).toEqual({ status: 429 });
      // A bad hello is answered and closed by the hub, which frees its slot.
      const closed = new Promise<number>((resolve) => first.ws!.once('close', resolve));
      first.ws!.send('{"subject":"agent.hello","data":{}}');
      expect(await closed).toBe(CLOSE_CODES.badHello);
      await waitFor(async () => (await dial()).ws, { timeoutMs: 5000, what: 'a freed slot' });
    } finally {
      await small.cleanup();
    }
  });
});
