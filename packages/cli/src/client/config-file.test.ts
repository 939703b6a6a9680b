import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfigPath, readConfig, writeConfig } from './config-file.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bosun-cli-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('config file', () => {
  it('lives where BOSUN_CONFIG, XDG_CONFIG_HOME or HOME say, in that order', () => {
    expect(defaultConfigPath({ BOSUN_CONFIG: '/c/cli.json', XDG_CONFIG_HOME: '/x' })).toBe('/c/cli.json');
    expect(defaultConfigPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/bosun/cli.json');
    expect(defaultConfigPath({})).toMatch(/\.config\/bosun\/cli\.json$/);
  });

  it('reads as empty when there is no file yet', async () => {
    expect(await readConfig(join(dir, 'none.json'))).toEqual({});
  });

  it('writes the token 0600 in a 0700 folder it creates, and reads it back', async () => {
    const path = join(dir, 'new', 'bosun', 'cli.json');
    const config = { manager: 'http://m:7070', token: 'bsn_secret', tokenId: 'tok_1', user: 'admin' };
    await writeConfig(path, config);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'new', 'bosun'))).mode & 0o777).toBe(0o700);
    expect(await readConfig(path)).toEqual(config);
  });

  it('narrows an existing, wider file to 0600 when it replaces it', async () => {
    const path = join(dir, 'cli.json');
    await writeFile(path, '{}', { mode: 0o644 });
    await writeConfig(path, { manager: 'http://m:7070', token: 'bsn_secret' });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      manager: 'http://m:7070',
      token: 'bsn_secret',
    });
  });

  it('names the file when it cannot be used', async () => {
    const path = join(dir, 'cli.json');
    await writeFile(path, 'not json');
    await expect(readConfig(path)).rejects.toThrow(/cli\.json is not valid JSON/);
    await writeFile(path, '{"token": 5}');
    await expect(readConfig(path)).rejects.toThrow(/does not hold bosun settings/);
  });
});
