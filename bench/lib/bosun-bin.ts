import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;

/** The `bosun` program the bench runs as a user would: the CLI's entry, run by this Node. */
export const BOSUN_BIN = join(ROOT, 'packages/cli/bin/bosun.ts');

/**
 * A temporary folder to put first on PATH, holding `bosun` (a link to `BOSUN_BIN`) and `node`
 * (a link to the Node running the bench), so `bosun` typed in a shell starts through its
 * `#!/usr/bin/env node` line on the project's Node and not on whatever Node the system has.
 * The folder goes when the bench exits.
 */
export async function bosunBinDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-bench-bin-'));
  symlinkSync(BOSUN_BIN, join(dir, 'bosun'));
  symlinkSync(process.execPath, join(dir, 'node'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
