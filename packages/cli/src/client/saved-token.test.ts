import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliConfig, readConfig } from './config-file.ts';
import { fixedToken, SavedToken } from './saved-token.ts';

const DAY = 86_400_000;

/** A manager stand-in that renews any token: `bsn_new1`, `bsn_new2`, … and notes who asked. */
async function renewingManager() {
  const renewedFrom: string[] = [];
  const server = createServer((req, res) => {
    renewedFrom.push(String(req.headers.authorization).replace('Bearer ', ''));
    const n = renewedFrom.length;
    const now = Date.now();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        token: `bsn_new${n}`,
        id: `tok_new${n}`,
        name: 'cli',
        createdAt: now,
        expiresAt: now + 30 * DAY,
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}`, renewedFrom };
}

let dir: string;
let path: string;
let manager: Awaited<ReturnType<typeof renewingManager>>;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-saved-token-'));
  path = join(dir, 'cli.json');
  manager = await renewingManager();
});

afterEach(async () => {
  await new Promise((resolve) => manager.server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

/** A login to the stand-in made `age` ago, with a 30-day token. */
function login(token: string, age: number, extra: CliConfig = {}) {
  const created = Date.now() - age;
  return {
    manager: manager.url,
    user: 'ada',
    token,
    tokenId: `id_${token}`,
    tokenCreatedAt: created,
    tokenExpiresAt: created + 30 * DAY,
    ...extra,
  };
}

async function save(config: CliConfig): Promise<void> {
  await writeFile(path, JSON.stringify(config), { mode: 0o600 });
}

describe('SavedToken.replacement', () => {
  it('answers the token another bosun saved for the same manager', async () => {
    const saved = new SavedToken(path, login('bsn_old', DAY), 0);
    await save(login('bsn_other', 0));
    expect(await saved.replacement('bsn_old')).toBe('bsn_other');
    expect(saved.current()).toBe('bsn_other');
  });

  it('has none when the file still holds the refused token, or holds one for another manager', async () => {
    const saved = new SavedToken(path, login('bsn_old', DAY), 0);
    await save(login('bsn_old', DAY));
    expect(await saved.replacement('bsn_old')).toBeUndefined();
    await save(login('bsn_other', 0, { manager: 'http://127.0.0.2:7070' }));
    expect(await saved.replacement('bsn_old')).toBeUndefined();
    expect(saved.current()).toBe('bsn_old');
  });

  it('waits for the renewing bosun to write the file after the refusal came', async () => {
    await save(login('bsn_old', DAY));
    const saved = new SavedToken(path, login('bsn_old', DAY), 60_000);
    const replacement = saved.replacement('bsn_old');
    await save(login('bsn_late', 0));
    expect(await replacement).toBe('bsn_late');
  });

  it('answers the token it renewed itself, even while that renewal is still under way', async () => {
    const saved = new SavedToken(path, login('bsn_old', 20 * DAY), 0);
    const renewing = saved.renewIfDue();
    expect(await saved.replacement('bsn_old')).toBe('bsn_new1');
    await renewing;
  });

  it('never has one for BOSUN_TOKEN', async () => {
    expect(await fixedToken('bsn_env').replacement('bsn_env')).toBeUndefined();
  });
});

describe('SavedToken.renewIfDue', () => {
  it('renews a token past half its life and saves the new one with its lifetime', async () => {
    await save(login('bsn_old', 20 * DAY));
    const saved = new SavedToken(path, login('bsn_old', 20 * DAY));
    await saved.renewIfDue();
    expect(manager.renewedFrom).toEqual(['bsn_old']);
    expect(saved.current()).toBe('bsn_new1');
    expect(await readConfig(path)).toMatchObject({ user: 'ada', token: 'bsn_new1', tokenId: 'tok_new1' });
  });

  it('takes the newer token another bosun saved instead of renewing the old one a second time', async () => {
    const saved = new SavedToken(path, login('bsn_old', 20 * DAY));
    await save(login('bsn_other', 0));
    await saved.renewIfDue();
    expect(manager.renewedFrom).toEqual([]);
    expect(saved.current()).toBe('bsn_other');
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ token: 'bsn_other' });
  });

  it('leaves a token in the first half of its life alone', async () => {
    const saved = new SavedToken(path, login('bsn_young', DAY));
    await saved.renewIfDue();
    expect(manager.renewedFrom).toEqual([]);
    expect(saved.current()).toBe('bsn_young');
  });
});

describe('SavedToken.keepRenewed', () => {
  it('renews the token when it passes half its life while the command runs', async () => {
    // Half of the 30 days is reached a moment from now.
    const login0 = login('bsn_old', 15 * DAY - 50);
    await save(login0);
    const saved = new SavedToken(path, login0);
    const stop = saved.keepRenewed();
    try {
      await expect.poll(() => saved.current(), { timeout: 5_000 }).toBe('bsn_new1');
      expect((await readConfig(path)).token).toBe('bsn_new1');
    } finally {
      stop();
    }
  });
});
