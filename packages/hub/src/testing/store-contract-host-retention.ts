import { describe, expect, it } from 'vitest';
import type { HostRetentionRecord, Store } from '../ports/store.ts';
import { agentRecord } from './fixtures.ts';

/**
 * The per-host retention part of the store contract (see `describeStoreContract`): `set` adds or
 * replaces a host's policy with its time, `delete` removes it and says whether there was one,
 * a revoked host keeps its row, and `list` holds one record per host (in no promised order).
 */
export function describeHostRetentionContract(current: () => Store): void {
  describe('host retention', () => {
    const seed = async () => {
      const store = current();
      for (const id of ['a1', 'a2']) await store.agents.create(agentRecord(id));
      return store;
    };
    const listed = async (store: Store) =>
      (await store.hostRetention.list()).sort((a, b) => a.agentId.localeCompare(b.agentId));

    it('lists nothing in a new store', async () => {
      expect(await current().hostRetention.list()).toEqual([]);
    });

    it("sets, replaces and lists hosts' policies", async () => {
      const store = await seed();
      await store.hostRetention.set(policy('a2', 'all', 2_000));
      await store.hostRetention.set(policy('a1', 'none', 3_000));
      await store.hostRetention.set(policy('a2', 'labelled', 4_000));
      expect(await listed(store)).toEqual([policy('a1', 'none', 3_000), policy('a2', 'labelled', 4_000)]);
    });

    it('deletes a policy, true only when there was one', async () => {
      const store = await seed();
      await store.hostRetention.set(policy('a1', 'all', 2_000));
      expect(await store.hostRetention.delete('a1')).toBe(true);
      expect(await store.hostRetention.delete('a1')).toBe(false);
      expect(await store.hostRetention.delete('a2')).toBe(false);
      expect(await store.hostRetention.list()).toEqual([]);
    });

    it('keeps the policy of a revoked host, and hands out copies', async () => {
      const store = await seed();
      const record = policy('a1', 'all', 2_000);
      await store.hostRetention.set(record);
      record.policy = 'none';
      expect(await store.agents.revoke('a1', 5_000)).toBe(true);
      const [stored] = await store.hostRetention.list();
      expect(stored).toEqual(policy('a1', 'all', 2_000));
      if (stored) stored.policy = 'none';
      expect(await store.hostRetention.list()).toEqual([policy('a1', 'all', 2_000)]);
    });
  });
}

function policy(
  agentId: string,
  value: HostRetentionRecord['policy'],
  updatedAt: number,
): HostRetentionRecord {
  return { agentId, policy: value, updatedAt };
}
