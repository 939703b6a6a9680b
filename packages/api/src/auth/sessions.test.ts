import { FakeClock, MemoryStore } from '@bosun/hub/testing';
import { describe, expect, it } from 'vitest';
import { Sessions } from './sessions.ts';
import { hashToken } from './tokens.ts';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const policy = { idleMs: 7 * DAY, maxAgeMs: 30 * DAY, touchMs: MINUTE };

function setup() {
  const store = new MemoryStore();
  const clock = new FakeClock();
  return { store, clock, sessions: new Sessions(store, clock, policy) };
}

describe('Sessions', () => {
  it('stores only the hash of the cookie value', async () => {
    const { store, sessions } = setup();
    const { token, record } = await sessions.create('usr_1');
    expect(record.idHash).toBe(await hashToken(token));
    expect(await store.sessions.byIdHash(token)).toBeUndefined();
    expect(await sessions.resolve(token)).toMatchObject({ userId: 'usr_1' });
  });

  it('slides the expiry on use, at most one write per touch interval', async () => {
    const { clock, sessions } = setup();
    const { token, record } = await sessions.create('usr_1');
    await clock.advance(6 * DAY);
    const used = await sessions.resolve(token);
    expect(used?.expiresAt).toBe(clock.now() + 7 * DAY);
    await clock.advance(10_000);
    expect((await sessions.resolve(token))?.lastUsedAt).toBe(used?.lastUsedAt);
    expect(record.expiresAt).toBeLessThan(used!.expiresAt);
  });

  it('ends a session idle for longer than the idle time', async () => {
    const { clock, sessions } = setup();
    const { token } = await sessions.create('usr_1');
    await clock.advance(7 * DAY);
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it('never lets a session outlive the absolute cap, however often it is used', async () => {
    const { clock, sessions } = setup();
    const { token } = await sessions.create('usr_1');
    for (let day = 0; day < 29; day++) {
      await clock.advance(DAY);
      expect(await sessions.resolve(token)).toBeDefined();
    }
    expect((await sessions.resolve(token))?.expiresAt).toBe(clock.now() + DAY);
    await clock.advance(DAY);
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it('resolves by the hash of the cookie value as by the value, sliding the same expiry', async () => {
    const { clock, sessions } = setup();
    const { token, record } = await sessions.create('usr_1');
    await clock.advance(6 * DAY);
    const used = await sessions.resolveHash(record.idHash);
    expect(used).toMatchObject({ userId: 'usr_1', expiresAt: clock.now() + 7 * DAY });
    expect(await sessions.resolveHash(token)).toBeUndefined();
    await clock.advance(7 * DAY);
    expect(await sessions.resolveHash(record.idHash)).toBeUndefined();
    expect(await sessions.resolve(token)).toBeUndefined();
  });

  it('ignores malformed cookie values and forgets destroyed sessions', async () => {
    const { sessions } = setup();
    expect(await sessions.resolve('short')).toBeUndefined();
    const { token } = await sessions.create('usr_1');
    await sessions.destroy(token);
    expect(await sessions.resolve(token)).toBeUndefined();
  });
});
