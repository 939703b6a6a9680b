import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * What `bosun login` remembers. The token is a secret: the file is written 0600 inside a
 * folder created 0700, and never printed. `tokenCreatedAt` and `tokenExpiresAt` (ms since the
 * epoch) tell when the token is due for renewal; a login saved before they existed has neither.
 */
export const cliConfigSchema = z.object({
  manager: z.string().optional(),
  token: z.string().optional(),
  tokenId: z.string().optional(),
  tokenCreatedAt: z.number().int().nonnegative().optional(),
  tokenExpiresAt: z.number().int().nonnegative().optional(),
  user: z.string().optional(),
});
/** What `bosun login` saved: see `cliConfigSchema`. */
export type CliConfig = z.infer<typeof cliConfigSchema>;

/** BOSUN_CONFIG, else $XDG_CONFIG_HOME/bosun/cli.json, else ~/.config/bosun/cli.json. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BOSUN_CONFIG) return env.BOSUN_CONFIG;
  const base = env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'bosun', 'cli.json');
}

/** The saved settings, or an empty object when there is no file yet. */
export async function readConfig(path: string): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${path} is not valid JSON; fix it or remove it and run bosun login again`);
  }
  const parsed = cliConfigSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`${path} does not hold bosun settings; fix it or remove it and run bosun login again`);
  }
  return parsed.data;
}

/**
 * Replaces the file in one rename, so a crash never leaves half a token behind. The temporary
 * file is created 0600 before the secret goes in, and chmod runs too because a umask or an
 * existing file must not widen it.
 */
export async function writeConfig(path: string, config: CliConfig): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new Error(`cannot write ${path}: ${(error as Error).message}`);
  }
}
