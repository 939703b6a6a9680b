import { execFileSync } from 'node:child_process';
import {
  accessSync,
  chmodSync,
  constants,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { Readable } from 'node:stream';
import type { Engine } from './docker-engine.ts';
import { isStaticElf } from './static-binary.ts';
import { TestbedError } from './testbed-error.ts';

export const FIXTURE_REPO = 'bosun-fixture';
export const FIXTURE_TAG = '1';
export const FIXTURE_IMAGE = `${FIXTURE_REPO}:${FIXTURE_TAG}`;

const BUSYBOX_HINT = 'On Debian: `apt-get install -y busybox-static` (it provides a static /bin/busybox).';

/** A statically linked busybox: /bin/busybox (Debian's busybox-static), else the first one on PATH. */
export function findStaticBusybox(): string {
  const candidates = [
    '/bin/busybox',
    ...(process.env.PATH ?? '')
      .split(delimiter)
      .filter(Boolean)
      .map((dir) => join(dir, 'busybox')),
  ];
  const found: string[] = [];
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      continue;
    }
    if (isStaticElf(path)) return path;
    found.push(path);
  }
  const seen =
    found.length > 0 ? `found only dynamically linked ${[...new Set(found)].join(', ')}` : 'found no busybox';
  throw new TestbedError(`the fixture image needs a statically linked busybox, but ${seen}. ${BUSYBOX_HINT}`);
}

/**
 * The image's file system as a tar: busybox and a link per applet in /bin, an
 * empty /tmp and /etc. No Cmd nor Entrypoint: every test says what to run.
 */
function buildRootfsTar(): Buffer {
  const busybox = findStaticBusybox();
  const root = mkdtempSync(join(tmpdir(), 'bosun-fixture-'));
  try {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    mkdirSync(join(root, 'etc'));
    mkdirSync(join(root, 'tmp'));
    chmodSync(join(root, 'tmp'), 0o1777);
    copyFileSync(busybox, join(bin, 'busybox'));
    chmodSync(join(bin, 'busybox'), 0o755);
    const applets = execFileSync(busybox, ['--list'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const applet of applets) {
      if (applet !== 'busybox') symlinkSync('busybox', join(bin, applet));
    }
    return execFileSync('tar', ['-C', root, '-c', '.'], { maxBuffer: 256 * 1024 * 1024 });
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

let rootfsTar: Buffer | undefined;

async function hasImage(engine: Engine, ref: string): Promise<boolean> {
  try {
    await engine.docker.getImage(ref).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/** Reads an import's progress stream to its end; the engine reports a failed import inside it, not by status. */
function importFinished(engine: Engine, progress: NodeJS.ReadableStream): Promise<void> {
  return new Promise((resolve, reject) => {
    engine.docker.modem.followProgress(progress, (error, events: Array<{ error?: string }>) => {
      const failed = error?.message ?? events.find((event) => event.error)?.error;
      if (failed)
        reject(new TestbedError(`importing ${FIXTURE_IMAGE} into ${engine.name} failed: ${failed}`));
      else resolve();
    });
  });
}

/**
 * Makes sure the engine has the fixture image, importing it (never pulling: the
 * tests run offline) if the tag is missing. Returns the image reference.
 */
export async function ensureFixtureImage(engine: Engine): Promise<string> {
  if (await hasImage(engine, FIXTURE_IMAGE)) return FIXTURE_IMAGE;
  rootfsTar ??= buildRootfsTar();
  const progress = await engine.docker.importImage(Readable.from([rootfsTar]), {
    repo: FIXTURE_REPO,
    tag: FIXTURE_TAG,
  });
  await importFinished(engine, progress);
  if (!(await hasImage(engine, FIXTURE_IMAGE))) {
    throw new TestbedError(`${engine.name} reported importing ${FIXTURE_IMAGE} but does not list it`);
  }
  return FIXTURE_IMAGE;
}
