import { FakeClock, MemoryStore } from '@bosun/hub/testing';
import { SESSION_COOKIE } from '@bosun/protocol';
import { describe, expect, it } from 'vitest';
import { Authenticator, type Credentials } from './authenticator.ts';
import { issueApiToken } from './issue-api-token.ts';
import { Sessions } from './sessions.ts';
import { hashToken } from './tokens.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

async function setup() {
  const store = new MemoryStore();
  const clock = new FakeClock();
  const sessions = new Sessions(store, clock, { idleMs: 7 * DAY, maxAgeMs: 30 * DAY, touchMs: MINUTE });
  const authenticator = new Authenticator(store, clock, sessions, MINUTE);
  await store.users.create({
    id: 'usr_1',
    username: 'alice',
    passwordHash: 'h',
    role: 'viewer',
    createdAt: clock.now(),
  });
  return { store, clock, sessions, authenticator };
}

const cookie = (token: string): Credentials => ({
  authorization: undefined,
  cookie: `${SESSION_COOKIE}=${token}`,
});
const bearer = (token: string): Credentials => ({ authorization: `Bearer ${token}`, cookie: undefined });

/** The key a socket would keep for these credentials, as the adapter takes it. */
async function keyFor(authenticator: Authenticator, credentials: Credentials) {
  const authenticated = await authenticator.authenticate(credentials);
  if (!authenticated) throw new Error('not authenticated');
  return authenticator.keyOf(authenticated, credentials);
}

describe('a kept credential key', () => {
  it('of a session: its hash, never the cookie, good while the session lives and not after logout', async () => {
    const { sessions, authenticator } = await setup();
    const { token } = await sessions.create('usr_1');
    const key = await keyFor(authenticator, cookie(token));
    expect(key).toEqual({ via: 'session', hash: await hashToken(token) });
    expect(JSON.stringify(key)).not.toContain(token);
    expect(await authenticator.authenticateKey(key!)).toMatchObject({ userId: 'usr_1', role: 'viewer' });
    await sessions.destroy(token);
    expect(await authenticator.authenticateKey(key!)).toBeUndefined();
  });

  it('of a session: not once the session expired', async () => {
    const { clock, sessions, authenticator } = await setup();
    const { token } = await sessions.create('usr_1');
    const key = await keyFor(authenticator, cookie(token));
    await clock.advance(7 * DAY - 1);
    expect(await authenticator.authenticateKey(key!)).toBeDefined();
    await clock.advance(7 * DAY);
    expect(await authenticator.authenticateKey(key!)).toBeUndefined();
  });

  it('of an API token: its hash, never the token, good until revoked', async () => {
    const { store, clock, authenticator } = await setup();
    const { created, record } = await issueApiToken(
      { store, clock },
      { userId: 'usr_1', name: 'ci', ttlMs: DAY },
    );
    const key = await keyFor(authenticator, bearer(created.token));
    expect(key).toEqual({ via: 'token', hash: await hashToken(created.token) });
    expect(JSON.stringify(key)).not.toContain(created.token);
    expect(await authenticator.authenticateKey(key!)).toMatchObject({ userId: 'usr_1' });
    await store.apiTokens.revoke(record.id, clock.now());
    expect(await authenticator.authenticateKey(key!)).toBeUndefined();
  });

  it('of an API token: not once it expired', async () => {
    const { store, clock, authenticator } = await setup();
    const { created } = await issueApiToken({ store, clock }, { userId: 'usr_1', name: 'ci', ttlMs: DAY });
    const key = await keyFor(authenticator, bearer(created.token));
    await clock.advance(DAY - 1);
    expect(await authenticator.authenticateKey(key!)).toBeDefined();
    await clock.advance(1);
    expect(await authenticator.authenticateKey(key!)).toBeUndefined();
  });

  it('reads the user as it is now: a new role shows, a deleted user is nobody', async () => {
    const { store, sessions, authenticator } = await setup();
    const { token } = await sessions.create('usr_1');
    const key = await keyFor(authenticator, cookie(token));
    await store.users.update('usr_1', { role: 'operator' });
    expect(await authenticator.authenticateKey(key!)).toMatchObject({ role: 'operator' });
    await store.users.delete('usr_1');
    expect(await authenticator.authenticateKey(key!)).toBeUndefined();
  });

  it('of an unknown hash: nobody', async () => {
    const { authenticator } = await setup();
    const hash = await hashToken('never issued');
    expect(await authenticator.authenticateKey({ via: 'session', hash })).toBeUndefined();
    expect(await authenticator.authenticateKey({ via: 'token', hash })).toBeUndefined();
  });
});
