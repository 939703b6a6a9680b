import { describe, expect, it } from 'vitest';
import { ApiTestBed, TEST_ORIGIN, type TestRequest } from '../testing/api-test-bed.ts';
import { HeldPasswordHasher } from '../testing/held-password-hasher.ts';
import { expectError } from '../testing/read-json.ts';
import { TEST_CLIENT_ADDRESS } from '../testing/test-connection.ts';

const STRANGER = '198.51.100.66';

function login(bed: ApiTestBed, username: string, password: string, options: TestRequest = {}) {
  return bed.request('POST', '/api/login', { body: { username, password }, origin: TEST_ORIGIN, ...options });
}

function from(address: string, headers: Record<string, string> = {}): TestRequest {
  return { connection: { address }, headers };
}

describe('login limits per client address', () => {
  it('limits attempts per client address, saying when to come back', async () => {
    const bed = new ApiTestBed({ limits: { loginPerIp: 2 } });
    for (let i = 0; i < 2; i++) await login(bed, `user${i}`, 'wrong password');
    const res = await login(bed, 'user3', 'wrong password');
    await expectError(res, 429, 'rate_limited');
    expect(res.headers.get('retry-after')).toBe('30');
    expect((await login(bed, 'user3', 'wrong password', from(STRANGER))).status).toBe(401);
  });

  it('counts a successful login against the address too', async () => {
    const bed = new ApiTestBed({ limits: { loginPerIp: 2 } });
    const user = await bed.user('viewer');
    expect((await login(bed, user.username, user.password)).status).toBe(200);
    expect((await login(bed, user.username, user.password)).status).toBe(200);
    await expectError(await login(bed, user.username, user.password), 429, 'rate_limited');
  });

  it('buckets IPv6 clients by /64, and reads IPv4-mapped addresses as IPv4', async () => {
    const bed = new ApiTestBed({ limits: { loginPerIp: 1 } });
    await login(bed, 'anyone', 'wrong password', from('2001:db8:1:2::1'));
    await expectError(
      await login(bed, 'anyone', 'wrong password', from('2001:db8:1:2:ffff::9')),
      429,
      'rate_limited',
    );
    expect((await login(bed, 'anyone', 'wrong password', from('2001:db8:1:3::1'))).status).toBe(401);
    await login(bed, 'anyone', 'wrong password', from('192.0.2.77'));
    await expectError(
      await login(bed, 'anyone', 'wrong password', from('::ffff:192.0.2.77')),
      429,
      'rate_limited',
    );
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const bed = new ApiTestBed({ limits: { loginPerIp: 1 }, trustedProxies: ['10.0.0.0/8'] });
    await login(bed, 'anyone', 'wrong password', from(STRANGER, { 'x-forwarded-for': '203.0.113.1' }));
    const res = await login(
      bed,
      'anyone',
      'wrong password',
      from(STRANGER, { 'x-forwarded-for': '203.0.113.2' }),
    );
    await expectError(res, 429, 'rate_limited');
  });

  it('behind a trusted proxy, limits each client by the right-most address no trusted proxy wrote', async () => {
    const bed = new ApiTestBed({ limits: { loginPerIp: 1 }, trustedProxies: ['10.0.0.0/8', '192.0.2.1'] });
    const viaProxy = (xff: string) => from('10.1.2.3', { 'x-forwarded-for': xff });
    // The client may send any X-Forwarded-For of its own; the proxies append what they saw.
    await login(bed, 'anyone', 'wrong password', viaProxy('1.1.1.1, 203.0.113.5, 192.0.2.1'));
    await expectError(
      await login(bed, 'anyone', 'wrong password', viaProxy('9.9.9.9, 203.0.113.5, 10.9.9.9')),
      429,
      'rate_limited',
    );
    expect((await login(bed, 'anyone', 'wrong password', viaProxy('203.0.113.6'))).status).toBe(401);
  });
});

describe('login failures per client and user', () => {
  it("a stranger's wrong passwords never keep the user out", async () => {
    const bed = new ApiTestBed();
    const admin = await bed.user('admin', { username: 'admin' });
    for (let i = 0; i < 25; i++) await login(bed, 'admin', `guess ${i}`, from(STRANGER));
    expect((await login(bed, 'admin', admin.password)).status).toBe(200);
  });

  it('slows the failing client down for that user, with a short Retry-After, without locking it out', async () => {
    const bed = new ApiTestBed({ limits: { loginFailuresPerClientUser: 2 } });
    const user = await bed.user('viewer', { username: 'vera' });
    await expectError(await login(bed, 'vera', 'wrong password'), 401, 'unauthorized');
    await expectError(await login(bed, 'VERA', 'wrong password'), 401, 'unauthorized');
    const slowed = await login(bed, 'vera', user.password);
    expect(await expectError(slowed, 429, 'rate_limited')).toBe('too many failed logins; wait a little');
    expect(slowed.headers.get('retry-after')).toBe('30');
    // Another user from the same client is not slowed down.
    const other = await bed.user('viewer');
    expect((await login(bed, other.username, other.password)).status).toBe(200);
    await bed.clock.advance(30_000);
    expect((await login(bed, 'vera', user.password)).status).toBe(200);
    // A success starts the count again.
    await login(bed, 'vera', 'wrong password');
    expect((await login(bed, 'vera', user.password)).status).toBe(200);
  });

  it('does not count a password change against the login, nor a login against a password change', async () => {
    const bed = new ApiTestBed({ limits: { loginFailuresPerClientUser: 1, passwordFailuresPerUser: 1 } });
    const browser = await bed.browser('viewer');
    const { username, password } = browser.user;
    for (let i = 0; i < 3; i++) await login(bed, username, 'wrong password', from(STRANGER));
    const change = await bed.request('PUT', '/api/me/password', {
      as: browser,
      body: { currentPassword: password, newPassword: 'a brand new password' },
    });
    expect(change.status).toBe(204);
    const guess = { currentPassword: 'guess one', newPassword: 'another new password' };
    await expectError(
      await bed.request('PUT', '/api/me/password', { as: browser, body: guess }),
      400,
      'invalid_data',
    );
    await expectError(
      await bed.request('PUT', '/api/me/password', { as: browser, body: guess }),
      429,
      'rate_limited',
    );
    expect((await login(bed, username, 'a brand new password')).status).toBe(200);
  });
});

describe('the password-hashing capacity', () => {
  it('lets a login from a fresh address through while many addresses keep it busy', async () => {
    const passwords = new HeldPasswordHasher();
    // The per-address limit refills with time, which stands still here: lifted, it stands for an
    // attack paced to stay under it.
    const bed = new ApiTestBed({ passwords, limits: { loginPerIp: 100_000 } });
    const admin = await bed.user('admin', { username: 'admin' });
    const attackers = Array.from({ length: 25 }, (_, i) => `198.51.100.${i + 1}`);
    let stopped = false;
    const refusals = new Set<string>();
    // Each attacker sends again as soon as it has an answer, refusals included.
    const hammer = async (address: string): Promise<void> => {
      while (!stopped) {
        const res = await login(bed, `u${Math.random().toString(36).slice(2)}`, 'guess', from(address));
        if (res.status === 429) {
          refusals.add(await expectError(res, 429, 'rate_limited'));
          await passwords.settled();
        }
      }
    };
    const flood = attackers.flatMap((address) => [hammer(address), hammer(address), hammer(address)]);
    // Every step of a request is a promise job or a timer, so a few turns of the event loop
    // see each attacker's first requests held by the hasher or refused.
    for (let turn = 0; turn < 5; turn++) await passwords.settled();
    let answer: Response | undefined;
    void login(bed, 'admin', admin.password, from(TEST_CLIENT_ADDRESS)).then((res) => {
      answer = res;
    });
    for (let turn = 0; turn < 5; turn++) await passwords.settled();
    for (let round = 0; round < 1000 && answer === undefined; round++) await passwords.finishRunning();
    stopped = true;
    while (passwords.running > 0) await passwords.finishRunning();
    await Promise.all(flood);
    expect(answer?.status).toBe(200);
    // Each attacker's checks beyond its share were refused rather than queued.
    expect([...refusals]).toEqual(['too many password checks from your address at once; try again shortly']);
  });
});
