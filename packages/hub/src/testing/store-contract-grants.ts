import { describe, expect, it } from 'vitest';
import type { GrantRecord, Store, UserRecord } from '../ports/store.ts';
import { agentRecord } from './fixtures.ts';

/**
 * The grants part of the store contract (see `describeStoreContract`): `put` replaces the
 * user's role on the agent and keeps the first `createdAt`; lists are oldest first, ties by user
 * id then agent id; deleting the user deletes its grants, `deleteForAgent` those on the agent.
 */
export function describeGrantContract(current: () => Store): void {
  describe('grants', () => {
    const seed = async () => {
      const store = current();
      for (const id of ['u1', 'u2']) await store.users.create(user(id));
      for (const id of ['a1', 'a2']) await store.agents.create(agentRecord(id));
      return store;
    };

    it("sets, replaces and lists a user's grants", async () => {
      const store = await seed();
      await store.grants.put(grant({ userId: 'u1', agentId: 'a2', createdAt: 2_000 }));
      await store.grants.put(grant({ userId: 'u1', agentId: 'a1', createdAt: 3_000 }));
      await store.grants.put(grant({ userId: 'u1', agentId: 'a2', role: 'operator', createdAt: 4_000 }));
      expect(await store.grants.listForUser('u1')).toEqual([
        grant({ userId: 'u1', agentId: 'a2', role: 'operator', createdAt: 2_000 }),
        grant({ userId: 'u1', agentId: 'a1', createdAt: 3_000 }),
      ]);
      expect(await store.grants.listForUser('u2')).toEqual([]);
    });

    it('lists every grant oldest first, ties by user then agent', async () => {
      const store = await seed();
      await store.grants.put(grant({ userId: 'u2', agentId: 'a1' }));
      await store.grants.put(grant({ userId: 'u1', agentId: 'a2' }));
      await store.grants.put(grant({ userId: 'u1', agentId: 'a1' }));
      const keys = (await store.grants.list()).map((g) => `${g.userId}/${g.agentId}`);
      expect(keys).toEqual(['u1/a1', 'u1/a2', 'u2/a1']);
    });

    it('deletes one grant, answering whether there was one', async () => {
      const store = await seed();
      await store.grants.put(grant({ userId: 'u1', agentId: 'a1' }));
      expect(await store.grants.delete('u1', 'a1')).toBe(true);
      expect(await store.grants.delete('u1', 'a1')).toBe(false);
      expect(await store.grants.listForUser('u1')).toEqual([]);
    });

    it("deleting a user deletes its grants, not others'", async () => {
      const store = await seed();
      await store.grants.put(grant({ userId: 'u1', agentId: 'a1' }));
      await store.grants.put(grant({ userId: 'u2', agentId: 'a1' }));
      await store.users.delete('u1');
      expect((await store.grants.list()).map((g) => g.userId)).toEqual(['u2']);
    });

    it('deleteForAgent deletes every grant on that agent and counts them', async () => {
      const store = await seed();
      await store.grants.put(grant({ userId: 'u1', agentId: 'a1' }));
      await store.grants.put(grant({ userId: 'u2', agentId: 'a1' }));
      await store.grants.put(grant({ userId: 'u2', agentId: 'a2' }));
      expect(await store.grants.deleteForAgent('a1')).toBe(2);
      expect(await store.grants.deleteForAgent('a1')).toBe(0);
      expect((await store.grants.list()).map((g) => g.agentId)).toEqual(['a2']);
    });

    it('returns copies', async () => {
      const store = await seed();
      const record = grant({ userId: 'u1', agentId: 'a1' });
      await store.grants.put(record);
      record.role = 'operator';
      const [listed] = await store.grants.listForUser('u1');
      if (listed) listed.role = 'operator';
      expect((await store.grants.listForUser('u1'))[0]?.role).toBe('viewer');
    });
  });
}

function user(id: string): UserRecord {
  return { id, username: `user-${id}`, passwordHash: 'hash', role: 'none', createdAt: 1_000 };
}

function grant(overrides: Partial<GrantRecord>): GrantRecord {
  return { userId: 'u1', agentId: 'a1', role: 'viewer', createdAt: 1_000, ...overrides };
}
