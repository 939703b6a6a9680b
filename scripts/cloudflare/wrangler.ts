import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository's root, where the npm scripts run. */
export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The Cloudflare package: wrangler.jsonc, the Worker's sources and the D1 migrations. */
export const CLOUDFLARE_DIR = fileURLToPath(new URL('../../packages/cloudflare', import.meta.url));

/** The wrangler the Cloudflare package pins (its workerd is the one Miniflare runs locally). */
const WRANGLER_BIN = fileURLToPath(new URL('../../node_modules/wrangler/bin/wrangler.js', import.meta.url));

/**
 * The environment wrangler runs with: no usage metrics, no error reports, no request for the
 * `cf` object, no banner. Without these even a dry run reaches the network; with them it needs none.
 */
export function wranglerEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return {
    ...base,
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_SEND_ERROR_REPORTS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_HIDE_BANNER: 'true',
  };
}

/**
 * What happens to a wrangler command's standard output: shown, captured, or both (shown and kept
 * for the caller to read, e.g. the URL `wrangler deploy` prints).
 */
export type WranglerOutputMode = 'show' | 'capture' | 'tee';

/**
 * Runs wrangler in the Cloudflare package with `wranglerEnv`, so it reads that package's
 * wrangler.jsonc; standard input is closed, so wrangler takes its non-interactive answers.
 * Answers what it printed on standard output unless `show`; rejects naming the command when
 * wrangler fails (its own message is on standard error, which is always shown).
 */
export function runWrangler(args: readonly string[], output: WranglerOutputMode = 'show'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER_BIN, ...args], {
      cwd: CLOUDFLARE_DIR,
      env: wranglerEnv(),
      stdio: ['ignore', output === 'show' ? 'inherit' : 'pipe', 'inherit'],
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (output === 'tee') process.stdout.write(chunk);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else
        reject(new Error(`\`wrangler ${args.slice(0, 2).join(' ')}\` failed (${signal ?? `exit ${code}`})`));
    });
  });
}
