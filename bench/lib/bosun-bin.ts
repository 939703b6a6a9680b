import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The single-file `bosun` command (`npm run bench` builds it), as a workstation installs it. */
export const BOSUN_BIN = join(ROOT, 'packages/cli/dist/bosun.mjs');

let binDir: Promise<string> | undefined;

/**
 * A temporary folder holding a `bosun` symlink to {@link BOSUN_BIN} and a `node` symlink to the
 * Node running the bench, to put first on PATH so that `bosun …` runs as it does for a user, its
 * `#!/usr/bin/env node` line finding the project's Node rather than the system's. One folder per
 * process, removed when it exits.
 */
export function bosunBinDir(): Promise<string> {
  binDir ??= (async () => {
    if (!existsSync(BOSUN_BIN)) {
      throw new Error(`build the single-file bosun command first: npm run build:cli (no ${BOSUN_BIN})`);
    }
    const dir = await mkdtemp(join(tmpdir(), 'bosun-bench-bin-'));
    await symlink(BOSUN_BIN, join(dir, 'bosun'));
    await symlink(process.execPath, join(dir, 'node'));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })();
  return binDir;
}
