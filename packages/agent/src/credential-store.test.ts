import { mkdtemp, readdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CredentialStore } from './credential-store.ts';

describe('CredentialStore', () => {
  it('saves a 0600 file in a 0700 folder and loads it back', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bosun-cred-')), 'state');
    const store = new CredentialStore(dir);
    expect(await store.load()).toBeUndefined();
    expect(await store.exists()).toBe(false);
    const value = { agentId: 'a1', name: 'web-1', credential: 'c'.repeat(40), manager: 'ws://127.0.0.1:1' };
    await store.save(value);
    expect(await store.load()).toEqual(value);
    expect(await store.exists()).toBe(true);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
  });

  it('replaces a saved credential whole, leaving no temp file beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-cred-'));
    const store = new CredentialStore(dir);
    const first = { agentId: 'a1', name: 'web-1', credential: 'c'.repeat(40), manager: 'ws://127.0.0.1:1' };
    await store.save(first);
    await store.save({ ...first, agentId: 'a2', credential: 'd'.repeat(40) });
    expect(await store.load()).toEqual({ ...first, agentId: 'a2', credential: 'd'.repeat(40) });
    expect(await readdir(dir)).toEqual(['credential.json']);
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
  });

  it('settles only once a save under way has finished, so the folder can go right after', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'bosun-cred-')), 'state');
    const store = new CredentialStore(dir);
    const value = { agentId: 'a1', name: 'web-1', credential: 'c'.repeat(40), manager: 'ws://127.0.0.1:1' };
    void store.save(value);
    await store.settled();
    expect(await readdir(dir)).toEqual(['credential.json']);
  });

  it('refuses a file that is not a credential', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-cred-'));
    await writeFile(join(dir, 'credential.json'), '{"hello":1}');
    await expect(new CredentialStore(dir).load()).rejects.toThrow(/not a bosun credential file/);
  });

  it('keeps the manager key beside the credential, and still reads files written without one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bosun-cred-'));
    const store = new CredentialStore(dir);
    const old = { agentId: 'a1', name: 'web-1', credential: 'c'.repeat(40), manager: 'ws://127.0.0.1:1' };
    await writeFile(store.path, JSON.stringify(old));
    expect(await store.load()).toEqual(old);
    await store.save({ ...old, managerKey: 'k'.repeat(43) });
    expect(await store.load()).toEqual({ ...old, managerKey: 'k'.repeat(43) });
    expect((await stat(store.path)).mode & 0o777).toBe(0o600);
    await writeFile(store.path, JSON.stringify({ ...old, managerKey: 7 }));
    await expect(store.load()).rejects.toThrow(/not a bosun credential file/);
  });
});
