import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiTokenListResponseSchema } from '@bosun/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runBosun } from '../kit/index.ts';
import { ADMIN_PASSWORD, ApiClient, startTestManager, type TestManager } from '../kit/test-manager.ts';

// The token lifecycle as a CLI user lives it, against a real manager: the login's token
// expires, commands renew it, and `bosun token list|revoke` manage API and join tokens.

const DAY = 86_400_000;

const savedLoginSchema = z.object({
  manager: z.string(),
  token: z.string(),
  tokenId: z.string(),
  tokenCreatedAt: z.number(),
  tokenExpiresAt: z.number(),
  user: z.string(),
});

let manager: TestManager;
let admin: ApiClient;
let dir: string;
let config: string;

async function bosun(args: readonly string[], extra: Record<string, string> = {}) {
  return runBosun(args, {
    BOSUN_CONFIG: config,
    BOSUN_MANAGER: manager.url,
    BOSUN_TOKEN: '',
    BOSUN_PASSWORD: '',
    ...extra,
  });
}

async function savedLogin() {
  return savedLoginSchema.parse(JSON.parse(await readFile(config, 'utf8')));
}

function jsonLines(stdout: Buffer): unknown[] {
  return stdout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line));
}

beforeAll(async () => {
  manager = await startTestManager();
  admin = await ApiClient.login(manager.url, 'admin', ADMIN_PASSWORD);
  dir = await mkdtemp(join(tmpdir(), 'bosun-cli-tokens-'));
  config = join(dir, 'cli.json');
});

afterAll(async () => {
  await manager?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('bosun login and token renewal', () => {
  it('keeps a token that expires in 30 days', async () => {
    const login = await bosun(['login'], { BOSUN_PASSWORD: ADMIN_PASSWORD });
    expect(login.code, login.stderr).toBe(0);
    const saved = await savedLogin();
    expect(saved.tokenExpiresAt - saved.tokenCreatedAt).toBe(30 * DAY);
    const { tokens } = apiTokenListResponseSchema.parse(await admin.ok('GET', '/api/api-tokens'));
    expect(tokens.find((token) => token.id === saved.tokenId)?.expiresAt).toBe(saved.tokenExpiresAt);
  });

  it('swaps a token past half its life for a new one, rewriting the file 0600, and the old one stops working', async () => {
    const before = await savedLogin();
    // The CLI goes by the lifetime it saved: as if the login were twenty days old.
    await writeFile(
      config,
      JSON.stringify({
        ...before,
        tokenCreatedAt: before.tokenCreatedAt - 20 * DAY,
        tokenExpiresAt: before.tokenExpiresAt - 20 * DAY,
      }),
      {
        mode: 0o600,
      },
    );
    const list = await bosun(['token', 'list', '--format', 'json']);
    expect(list.code, list.stderr).toBe(0);
    const after = await savedLogin();
    expect(after.tokenId).not.toBe(before.tokenId);
    expect(after.token).not.toBe(before.token);
    expect((await stat(config)).mode & 0o777).toBe(0o600);
    // The command itself ran with the new token, which the list marks as the one in use.
    const current = jsonLines(list.stdout).filter((row) => (row as { current: boolean }).current);
    expect(current).toEqual([expect.objectContaining({ id: after.tokenId })]);
    expect((await ApiClient.bearer(manager.url, before.token).call('GET', '/api/me')).status).toBe(401);
    expect((await ApiClient.bearer(manager.url, after.token).call('GET', '/api/me')).status).toBe(200);
  });

  it('leaves a token within the first half of its life as it is', async () => {
    const before = await savedLogin();
    expect((await bosun(['token', 'list'])).code).toBe(0);
    expect((await savedLogin()).tokenId).toBe(before.tokenId);
  });
});

describe('bosun token list and revoke', () => {
  it("shows an admin every user's API tokens with --all, and revokes one by id", async () => {
    const { client: viewer } = await admin.newUser('tokenviewer', 'viewer');
    const { id } = await viewer.ok('POST', '/api/api-tokens', { name: 'viewer-script' });
    const all = await bosun(['token', 'list', '--all', '--format', 'json']);
    expect(all.code, all.stderr).toBe(0);
    expect(jsonLines(all.stdout)).toContainEqual(
      expect.objectContaining({ id, username: 'tokenviewer', name: 'viewer-script', revokedAt: null }),
    );
    const own = await bosun(['token', 'list', '--format', 'json']);
    expect(jsonLines(own.stdout).map((row) => (row as { id: string }).id)).not.toContain(id);

    const revoke = await bosun(['token', 'revoke', id]);
    expect(revoke.code, revoke.stderr).toBe(0);
    const table = await bosun(['token', 'list', '--all']);
    expect(table.stdout.toString('utf8')).toMatch(
      new RegExp(`^${id}\\s+viewer-script\\s+tokenviewer\\s+revoked`, 'm'),
    );
  });

  it('lists join tokens with --join and revokes an unused one', async () => {
    const created = await bosun(['token', 'create', '--ttl', '1h']);
    expect(created.code, created.stderr).toBe(0);
    const listed = jsonLines((await bosun(['token', 'list', '--join', '--format', 'json'])).stdout);
    const pending = listed.find((row) => (row as { state: string }).state === 'pending') as { id: string };
    expect(pending).toBeDefined();
    expect((await bosun(['token', 'revoke', pending.id])).code).toBe(0);
    const table = (await bosun(['token', 'list', '--join'])).stdout.toString('utf8');
    expect(table).toMatch(new RegExp(`^${pending.id}\\s+-\\s+revoked`, 'm'));
  });

  it('refuses a malformed id before asking the manager, with the usage exit code', async () => {
    const result = await bosun(['token', 'revoke', '../etc']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the token id is malformed');
  });

  it("answers not found for someone else's token to a non-admin", async () => {
    const { id } = await admin.ok('POST', '/api/api-tokens', { name: 'admin-only' });
    const { client } = await admin.newUser('tokenoperator', 'operator');
    const { token } = await client.ok('POST', '/api/api-tokens', { name: 'op' });
    const result = await bosun(['token', 'revoke', id], { BOSUN_TOKEN: token });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(`no API token "${id}"`);
  });
});
