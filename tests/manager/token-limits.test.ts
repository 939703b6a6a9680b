import { errorBodySchema } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';

// The token-creation limits at the routes of a real manager: each user has a budget per window
// for join tokens and another for API tokens; past it, 429 with Retry-After, others unaffected.

const PER_USER = 3;
let bed: TestManager;
let admin: ApiClient;

beforeAll(async () => {
  // A window of an hour: the budgets cannot refill while the test runs.
  bed = await startTestManager({
    limits: { tokenCreatePerUser: PER_USER, tokenCreateWindowMs: 3_600_000, loginPerIp: 1000 },
  });
  admin = await ApiClient.login(bed.url, 'admin', ADMIN_PASSWORD);
});

afterAll(async () => {
  await bed?.cleanup();
});

async function expectLimited(client: ApiClient, path: string, body: unknown): Promise<void> {
  const answer = await client.callExactly(errorBodySchema, 'POST', path, body);
  expect(answer.status).toBe(429);
  expect(answer.body.error.code).toBe('rate_limited');
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
}

describe('token creation limits', () => {
  it('join tokens: a user gets its budget, then 429; API tokens have a budget of their own', async () => {
    for (let i = 0; i < PER_USER; i++)
      expect((await admin.call('POST', '/api/join-tokens', {})).status).toBe(201);
    await expectLimited(admin, '/api/join-tokens', {});
    for (let i = 0; i < PER_USER; i++) {
      expect((await admin.call('POST', '/api/api-tokens', { name: `t${i}` })).status).toBe(201);
    }
    await expectLimited(admin, '/api/api-tokens', { name: 'one too many' });
  });

  it("one user's spent budget leaves another's whole", async () => {
    const other = (await admin.newUser('someone-else', 'viewer')).client;
    for (let i = 0; i < PER_USER; i++) {
      expect((await other.call('POST', '/api/api-tokens', { name: `o${i}` })).status).toBe(201);
    }
    await expectLimited(other, '/api/api-tokens', { name: 'one too many' });
  });

  it('refused requests do not spend the budget: a viewer asking for join tokens keeps its API tokens', async () => {
    const viewer = (await admin.newUser('limited-viewer', 'viewer')).client;
    for (let i = 0; i < PER_USER + 2; i++)
      expect((await viewer.call('POST', '/api/join-tokens', {})).status).toBe(403);
    for (let i = 0; i < PER_USER; i++) {
      expect((await viewer.call('POST', '/api/api-tokens', { name: `v${i}` })).status).toBe(201);
    }
  });
});
