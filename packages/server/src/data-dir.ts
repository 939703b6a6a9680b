import { mkdir, stat } from 'node:fs/promises';
import type { Logger } from './logger.ts';

/**
 * Creates the data folder 0700: it holds the database (password and token hashes) and the local
 * agent's credential. An existing folder is left as it is (it may be shared on purpose), with a
 * warning when others can read it.
 */
export async function ensureDataDir(dir: string, logger: Logger): Promise<void> {
  const created = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (created !== undefined) return;
  const { mode } = await stat(dir);
  if ((mode & 0o077) !== 0) {
    logger.warn(
      { dataDir: dir, mode: (mode & 0o777).toString(8) },
      'data folder is accessible to other users',
    );
  }
}
