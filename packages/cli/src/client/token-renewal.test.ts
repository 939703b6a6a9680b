import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renewalDue, renewSavedToken, withRenewedToken } from './token-renewal.ts';

const DAY = 86_400_000;

describe('renewalDue', () => {
  const saved = { manager: 'http://m:7070', token: 'bsn_saved', tokenCreatedAt: 0, tokenExpiresAt: 30 * DAY };

  it('is due from half the token’s life on', () => {
    expect(renewalDue(saved, 15 * DAY - 1)).toBe(false);
    expect(renewalDue(saved, 15 * DAY)).toBe(true);
  });

  it('is due for a login saved without its lifetime, and never without a token', () => {
    expect(renewalDue({ manager: 'http://m:7070', token: 'bsn_old' }, 0)).toBe(true);
    expect(renewalDue({ manager: 'http://m:7070' }, 0)).toBe(false);
  });
});

describe('withRenewedToken', () => {
  it('replaces the token and its lifetime and keeps the rest', () => {
    const renewed = withRenewedToken(
      { manager: 'http://m:7070', user: 'ada', token: 'bsn_old', tokenId: 'tok_old' },
      { token: 'bsn_new', id: 'tok_new', name: 'cli-box', createdAt: 5, expiresAt: 10 },
    );
    expect(renewed).toEqual({
      manager: 'http://m:7070',
      user: 'ada',
      token: 'bsn_new',
      tokenId: 'tok_new',
      tokenCreatedAt: 5,
      tokenExpiresAt: 10,
    });
  });
});

describe('renewSavedToken', () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the old token, without failing or writing, when the manager refuses the renewal', async () => {
    // A manager that answers every request with an error, as one that is down or refusing would.
    const server = createServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'store_unavailable', message: 'store unavailable' } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      dir = await mkdtemp(join(tmpdir(), 'bosun-renewal-'));
      const path = join(dir, 'cli.json');
      const { port } = server.address() as AddressInfo;
      const saved = { manager: `http://127.0.0.1:${port}`, token: 'bsn_old' };
      expect(await renewSavedToken(path, saved, 0)).toBe(saved);
      await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
