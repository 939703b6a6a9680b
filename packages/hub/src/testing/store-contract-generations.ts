import { describe, expect, it } from 'vitest';
import {
  type ContainerGenerationRecord,
  MAX_GENERATIONS_PER_IDENTITY,
  type SeenContainer,
  type Store,
} from '../ports/store.ts';

const id = (n: number) => n.toString(16).padStart(8, '0').padEnd(64, 'f');
const seen = (n: number, identityKey: string, createdAt = n * 1000, name = identityKey): SeenContainer => ({
  containerId: id(n),
  identityKey,
  name,
  createdAt,
});

/**
 * The container generations part of the store contract (see `describeStoreContract`): new
 * containers of an identity are numbered from 1 in creation order, removals keep their first
 * time, a list removes the rows it lacks, and the oldest removed rows go past the bound.
 */
export function describeGenerationContract(current: () => Store): void {
  describe('container generations', () => {
    it('numbers the containers of an identity in the order they were created', async () => {
      const { containerGenerations: store } = current();
      await store.seen('a1', [seen(2, 'shop/web#1', 2_000), seen(1, 'shop/web#1', 1_000), seen(3, 'db')]);
      await store.removed('a1', [id(1)], 5_000);
      await store.removed('a1', [id(1)], 6_000);
      expect(await store.forIdentity('a1', 'shop/web#1')).toEqual<ContainerGenerationRecord[]>([
        {
          agentId: 'a1',
          identityKey: 'shop/web#1',
          containerId: id(1),
          name: 'shop/web#1',
          generation: 1,
          createdAt: 1_000,
          removedAt: 5_000,
        },
        {
          agentId: 'a1',
          identityKey: 'shop/web#1',
          containerId: id(2),
          name: 'shop/web#1',
          generation: 2,
          createdAt: 2_000,
          removedAt: null,
        },
      ]);
      expect((await store.forIdentity('a1', 'db')).map((r) => r.generation)).toEqual([1]);
      expect(await store.forIdentity('a2', 'db')).toEqual([]);
    });

    it('keeps a known container where it is, and follows a renamed one to its new identity', async () => {
      const { containerGenerations: store } = current();
      await store.seen('a1', [seen(1, 'web'), seen(2, 'api')]);
      await store.seen('a1', [seen(1, 'web', 1_000, 'web')]);
      await store.seen('a1', [seen(2, 'web', 2_000, 'web')]);
      expect((await store.forIdentity('a1', 'web')).map((r) => [r.containerId, r.generation])).toEqual([
        [id(1), 1],
        [id(2), 2],
      ]);
      expect(await store.forIdentity('a1', 'api')).toEqual([]);
    });

    it('removes, on a full list, the live rows the list lacks', async () => {
      const { containerGenerations: store } = current();
      await store.seen('a1', [seen(1, 'web'), seen(2, 'db')]);
      await store.seen('a2', [seen(3, 'web')]);
      await store.listed('a1', [seen(2, 'db'), seen(4, 'web', 4_000)], 9_000);
      const web = await store.forIdentity('a1', 'web');
      expect(web.map((r) => [r.generation, r.removedAt])).toEqual([
        [1, 9_000],
        [2, null],
      ]);
      expect((await store.forIdentity('a1', 'db'))[0]?.removedAt).toBeNull();
      expect((await store.forIdentity('a2', 'web'))[0]?.removedAt).toBeNull();
    });

    it('finds a row by full id or by a prefix only one row has', async () => {
      const { containerGenerations: store } = current();
      await store.seen('a1', [seen(0x11, 'web'), seen(0x12, 'db'), seen(0x2, 'api')]);
      expect((await store.byContainer('a1', id(0x11)))?.identityKey).toBe('web');
      expect(await store.byContainer('a1', '0000001')).toBeUndefined();
      expect((await store.byContainer('a1', '00000012'))?.identityKey).toBe('db');
      expect((await store.byContainer('a1', '00000002'))?.identityKey).toBe('api');
      expect(await store.byContainer('a2', id(1))).toBeUndefined();
    });

    it('drops the oldest removed generations past the bound, never a live one', async () => {
      const { containerGenerations: store } = current();
      const total = MAX_GENERATIONS_PER_IDENTITY + 3;
      for (let n = 1; n <= total; n++) {
        await store.seen('a1', [seen(n, 'job')]);
        if (n < total) await store.removed('a1', [id(n)], n * 1000 + 1);
      }
      const rows = await store.forIdentity('a1', 'job');
      expect(rows.length).toBeLessThanOrEqual(MAX_GENERATIONS_PER_IDENTITY + 1);
      expect(rows.at(-1)).toMatchObject({ generation: total, removedAt: null });
      expect(rows[0]?.generation).toBeGreaterThan(1);
    });

    it("deletes an agent's rows", async () => {
      const { containerGenerations: store } = current();
      await store.seen('a1', [seen(1, 'web'), seen(2, 'db')]);
      await store.seen('a2', [seen(3, 'web')]);
      expect(await store.deleteForAgent('a1')).toBe(2);
      expect(await store.forIdentity('a1', 'web')).toEqual([]);
      expect(await store.forIdentity('a2', 'web')).toHaveLength(1);
    });
  });
}
