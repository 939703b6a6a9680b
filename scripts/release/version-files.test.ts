import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  changelogHas,
  isSemver,
  releaseVersion,
  setVersion,
  VERSION_MODULE,
  versionFiles,
  versionMentions,
} from './version-files.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('the repository', () => {
  it('names one version everywhere: manifests, pins between workspaces, the lock and BOSUN_VERSION', async () => {
    const version = await releaseVersion(root);
    const mentions = await versionMentions(root);
    expect(mentions.filter((m) => m.version !== version)).toEqual([]);
    expect(mentions.length).toBeGreaterThan(20);
  });

  it('has a CHANGELOG section for that version', async () => {
    const version = await releaseVersion(root);
    expect(await changelogHas(root, version), `CHANGELOG.md has no "## ${version}" section`).toBe(true);
  });
});

describe('setVersion', () => {
  let copy: string;
  beforeAll(async () => {
    copy = await mkdtemp(join(tmpdir(), 'bosun-set-version-'));
    for (const file of [...(await versionFiles(root)), 'CHANGELOG.md']) {
      await mkdir(dirname(join(copy, file)), { recursive: true });
      await cp(join(root, file), join(copy, file));
    }
  });
  afterAll(() => rm(copy, { recursive: true, force: true }));

  it('rewrites every mention, and only the version lines', async () => {
    const before = await readFile(join(copy, 'packages/cli/package.json'), 'utf8');
    await setVersion(copy, '7.8.9-rc.1');
    const mentions = await versionMentions(copy);
    expect(mentions.filter((m) => m.version !== '7.8.9-rc.1')).toEqual([]);
    const after = await readFile(join(copy, 'packages/cli/package.json'), 'utf8');
    const changed = after.split('\n').filter((line, i) => line !== before.split('\n')[i]);
    expect(changed.every((line) => line.includes('7.8.9-rc.1'))).toBe(true);
    expect(after.split('\n').length).toBe(before.split('\n').length);
    expect(await readFile(join(copy, VERSION_MODULE), 'utf8')).toContain("BOSUN_VERSION = '7.8.9-rc.1';");
  });

  it('refuses what is not a semantic version, and changes nothing', async () => {
    const before = await versionMentions(copy);
    await expect(setVersion(copy, 'v1.2')).rejects.toThrow('not a semantic version');
    expect(await versionMentions(copy)).toEqual(before);
  });

  it('finds a CHANGELOG section only for a version it has', async () => {
    expect(await changelogHas(copy, '0.0.0-never')).toBe(false);
  });
});

describe('isSemver', () => {
  it.each(['0.2.0', '1.2.3-rc.1', '1.2.3+build.5', '10.20.30-alpha-1.2+sha.0a'])('takes %s', (v) => {
    expect(isSemver(v)).toBe(true);
  });
  it.each(['v1.2.3', '1.2', '1.2.3.4', '1.2.3-', 'latest', ''])('refuses %j', (v) => {
    expect(isSemver(v)).toBe(false);
  });
});
