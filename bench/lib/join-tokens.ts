import { join } from 'node:path';
import { newId, randomToken, sha256Hex } from '@bosun/hub';
import { openSqliteStore } from '@bosun/server';

const HOUR = 3_600_000;

/**
 * Join tokens for simulated agents, written into a manager's SQLite store before its first start.
 * The API allows 30 per user per 10 minutes, so they go through the same store code and the same
 * hashing the manager uses (only SHA-256 hashes are stored); each simulated agent then joins with
 * its own token on its first connect, exactly as `bosun agent --join-token` does, and uses the
 * credential it got from then on.
 */
export async function provisionJoinTokens(dataDir: string, count: number): Promise<string[]> {
  const store = openSqliteStore(join(dataDir, 'bosun.db'));
  try {
    const tokens: string[] = [];
    const now = Date.now();
    for (let i = 0; i < count; i++) {
      const token = randomToken();
      await store.joinTokens.create({
        id: newId('jt_'),
        tokenHash: await sha256Hex(token),
        name: `sim-${i}`,
        createdBy: 'bench',
        createdAt: now,
        expiresAt: now + HOUR,
        usedAt: null,
        usedByAgent: null,
        revokedAt: null,
      });
      tokens.push(token);
    }
    return tokens;
  } finally {
    await store.close();
  }
}
