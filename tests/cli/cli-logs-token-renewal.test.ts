import { readFile, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dockerLogs, engineFromEnv, runContainer, waitFor } from '../kit/index.ts';
import { ApiClient } from '../kit/test-manager.ts';
import { HOST, useCliBed } from './cli-bed.ts';

// A `bosun logs -f` runs for weeks while other bosun commands renew the saved token, which
// revokes the one the follow started with: the follow must go on with the new token, resuming
// where it was, neither skipping nor repeating a line.

const DAY = 86_400_000;

const engine = engineFromEnv();
const bed = useCliBed(engine);

const savedLoginSchema = z.looseObject({
  token: z.string(),
  tokenCreatedAt: z.number(),
  tokenExpiresAt: z.number(),
});

function configPath(): string {
  const path = bed.env.BOSUN_CONFIG;
  if (!path) throw new Error('the CLI bed has no config file');
  return path;
}

async function savedLogin() {
  return savedLoginSchema.parse(JSON.parse(await readFile(configPath(), 'utf8')));
}

/** The largest `tick N` in `text`. */
function lastTick(text: string): number {
  return Math.max(0, ...[...text.matchAll(/^tick (\d+)$/gm)].map((match) => Number(match[1])));
}

describe('bosun logs -f across a token renewal by another bosun', () => {
  it('follows on with the new token and prints every line exactly once', async () => {
    const c = await runContainer(engine, {
      name: 'renewal-ticker',
      cmd: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.02; done'],
    });
    await bed.waitForContainer(c.name);
    const follow = await bed.followLive([`${HOST}/${c.name}`]);
    await waitFor(() => lastTick(follow.stdout()) >= 50, { timeoutMs: 15_000, what: 'the first lines' });

    // As if the login were twenty days old: the next bosun command renews the saved token.
    const before = await savedLogin();
    await writeFile(
      configPath(),
      JSON.stringify({
        ...before,
        tokenCreatedAt: before.tokenCreatedAt - 20 * DAY,
        tokenExpiresAt: before.tokenExpiresAt - 20 * DAY,
      }),
      { mode: 0o600 },
    );
    const ps = await bed.bosun(['ps']);
    expect(ps.code, ps.stderr).toBe(0);
    const after = await savedLogin();
    expect(after.token).not.toBe(before.token);
    expect((await ApiClient.bearer(bed.managerUrl, before.token).call('GET', '/api/me')).status).toBe(401);

    await waitFor(() => follow.stderr().includes('the saved API token was renewed'), {
      timeoutMs: 15_000,
      what: 'the follow to take the renewed token',
      detail: follow.stderr,
    });
    const printed = lastTick(follow.stdout());
    await waitFor(() => lastTick(follow.stdout()) >= printed + 50, {
      timeoutMs: 15_000,
      what: 'new lines after the renewal',
      detail: follow.stderr,
    });

    await c.container.kill();
    const expected = (await dockerLogs(engine, c.id, { stdout: true, stderr: true })).stdout.toString();
    await waitFor(() => follow.stdout() === expected, {
      timeoutMs: 15_000,
      what: 'the follow to print every line docker logs has',
      detail: () => `printed up to tick ${lastTick(follow.stdout())} of ${lastTick(expected)}`,
    });
    await c.container.remove({ force: true });
    const result = await follow.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.toString()).toBe(expected);
    expect(result.stderr).not.toContain('lost the connection');
  });
});
