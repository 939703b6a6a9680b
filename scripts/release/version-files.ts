import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

// bosun is released under one version: the root package.json's. Every other place that names it
// (workspace manifests, the pins between workspaces, the lock file, the constant the code reads)
// follows it; `npm run release:version -- X.Y.Z` rewrites them all, and a unit test fails when
// they disagree.

/** The file, relative to the repository root, that the running code reads the version from. */
export const VERSION_MODULE = 'packages/protocol/src/version.ts';

const VERSION_CONSTANT = /export const BOSUN_VERSION = '([^']*)';/;

/** The compose file, whose manager image is tagged with the version. */
export const COMPOSE_FILE = 'deploy/compose.yaml';

const COMPOSE_IMAGE = /image: bosun-manager:(\S+)/;

// Semantic Versioning 2.0.0's grammar, close enough for a release number typed by a person.
const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

/** One place that names bosun's version, and what it says. */
export type VersionMention = { where: string; version: string };

const pinsSchema = z.record(z.string(), z.string());
const manifestSchema = z.looseObject({
  version: z.string().optional(),
  workspaces: z.array(z.string()).optional(),
  dependencies: pinsSchema.optional(),
  devDependencies: pinsSchema.optional(),
});
const lockSchema = z.looseObject({
  version: z.string().optional(),
  packages: z.record(z.string(), manifestSchema),
});

type Manifest = z.infer<typeof manifestSchema>;

/** Whether `version` is a semantic version (`1.2.3`, `1.2.3-rc.1`, `1.2.3+build.5`). */
export function isSemver(version: string): boolean {
  return SEMVER.test(version);
}

/** The files, relative to `root`, that `setVersion` rewrites. */
export async function versionFiles(root: string): Promise<string[]> {
  const { workspaces = [] } = await readJson(manifestSchema, root, 'package.json');
  return [
    'package.json',
    ...workspaces.map((dir) => join(dir, 'package.json')),
    'package-lock.json',
    VERSION_MODULE,
    COMPOSE_FILE,
  ];
}

/** Every place in the repository at `root` that names bosun's version. */
export async function versionMentions(root: string): Promise<VersionMention[]> {
  const rootManifest = await readJson(manifestSchema, root, 'package.json');
  const out: VersionMention[] = [];
  for (const dir of ['', ...(rootManifest.workspaces ?? [])]) {
    const file = join(dir, 'package.json');
    const manifest = dir === '' ? rootManifest : await readJson(manifestSchema, root, file);
    out.push(...manifestMentions(file, manifest));
  }
  const lock = await readJson(lockSchema, root, 'package-lock.json');
  out.push({ where: 'package-lock.json version', version: lock.version ?? '(none)' });
  for (const dir of ['', ...(rootManifest.workspaces ?? [])]) {
    const entry = lock.packages[dir];
    if (entry === undefined) throw new Error(`package-lock.json has no entry for the workspace "${dir}"`);
    out.push(...manifestMentions(`package-lock.json packages["${dir}"]`, entry));
  }
  const source = await readFile(join(root, VERSION_MODULE), 'utf8');
  out.push({
    where: `${VERSION_MODULE} BOSUN_VERSION`,
    version: VERSION_CONSTANT.exec(source)?.[1] ?? '(none)',
  });
  const compose = await readFile(join(root, COMPOSE_FILE), 'utf8');
  out.push({ where: `${COMPOSE_FILE} image`, version: COMPOSE_IMAGE.exec(compose)?.[1] ?? '(none)' });
  return out;
}

/** The version the root package.json names: the one every other place must agree with. */
export async function releaseVersion(root: string): Promise<string> {
  const version = (await readJson(manifestSchema, root, 'package.json')).version;
  if (version === undefined) throw new Error('the root package.json has no version');
  return version;
}

/** Rewrites every place `versionMentions` lists to `version`. */
export async function setVersion(root: string, version: string): Promise<void> {
  if (!isSemver(version)) throw new Error(`${JSON.stringify(version)} is not a semantic version (X.Y.Z)`);
  const rootManifest = await readJson(manifestSchema, root, 'package.json');
  for (const dir of ['', ...(rootManifest.workspaces ?? [])]) {
    const file = join(dir, 'package.json');
    const manifest = await readJson(manifestSchema, root, file);
    await writeJson(root, file, withVersion(manifest, version));
  }
  const lock = await readJson(lockSchema, root, 'package-lock.json');
  lock.version = version;
  for (const dir of ['', ...(rootManifest.workspaces ?? [])]) {
    const entry = lock.packages[dir];
    if (entry !== undefined) lock.packages[dir] = withVersion(entry, version);
  }
  await writeJson(root, 'package-lock.json', lock);
  const modulePath = join(root, VERSION_MODULE);
  const source = await readFile(modulePath, 'utf8');
  if (!VERSION_CONSTANT.test(source)) throw new Error(`${VERSION_MODULE} no longer declares BOSUN_VERSION`);
  await writeFile(modulePath, source.replace(VERSION_CONSTANT, `export const BOSUN_VERSION = '${version}';`));
  const composePath = join(root, COMPOSE_FILE);
  const compose = await readFile(composePath, 'utf8');
  if (!COMPOSE_IMAGE.test(compose))
    throw new Error(`${COMPOSE_FILE} no longer names the bosun-manager image`);
  await writeFile(composePath, compose.replace(COMPOSE_IMAGE, `image: bosun-manager:${version}`));
}

/** Whether CHANGELOG.md at `root` has a section (`## X.Y.Z` or `## [X.Y.Z]`) for `version`. */
export async function changelogHas(root: string, version: string): Promise<boolean> {
  const text = await readFile(join(root, 'CHANGELOG.md'), 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text.split('\n').some((line) => {
    const heading = /^## \[?([^\]\s]+)\]?(\s|$)/.exec(line);
    return heading?.[1] === version;
  });
}

function manifestMentions(where: string, manifest: Manifest): VersionMention[] {
  const out: VersionMention[] = [{ where: `${where} version`, version: manifest.version ?? '(none)' }];
  for (const field of ['dependencies', 'devDependencies'] as const) {
    for (const [name, pin] of Object.entries(manifest[field] ?? {})) {
      if (name.startsWith('@bosun/')) out.push({ where: `${where} ${field}["${name}"]`, version: pin });
    }
  }
  return out;
}

// Key order is kept: the version stays where it was, or goes after the name when it was missing.
function withVersion<T extends Manifest>(manifest: T, version: string): T {
  const pins = (deps: Record<string, string> | undefined) =>
    deps === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(deps).map(([name, pin]) => [name, name.startsWith('@bosun/') ? version : pin]),
        );
  const entries = Object.entries(manifest);
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (key === 'dependencies' || key === 'devDependencies') out[key] = pins(value as Record<string, string>);
    else out[key] = key === 'version' ? version : value;
    if (key === 'name' && !('version' in manifest)) out.version = version;
  }
  if (!('version' in out)) out.version = version;
  return out as T;
}

async function readJson<T>(schema: z.ZodType<T>, root: string, file: string): Promise<T> {
  const raw: unknown = JSON.parse(await readFile(join(root, file), 'utf8'));
  const checked = schema.safeParse(raw);
  if (!checked.success)
    throw new Error(`${file} is not what a package manifest or lock looks like: ${checked.error.message}`);
  return inOrderOf(raw, checked.data);
}

// zod lists an object's declared keys first; a rewritten manifest keeps the order it had, so a
// release changes only its version lines.
function inOrderOf<T>(raw: unknown, parsed: T): T {
  if (!isRecord(raw) || !isRecord(parsed)) return parsed;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(raw)) out[key] = inOrderOf(raw[key], parsed[key]);
  return out as T;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function writeJson(root: string, file: string, value: unknown): Promise<void> {
  await writeFile(join(root, file), `${JSON.stringify(value, null, 2)}\n`);
}
