import type { HostFacts } from '@bosun/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  AgentRecord,
  ApiTokenRecord,
  AuditListQuery,
  AuditRecord,
  JoinTokenRecord,
  LogCursorRecord,
  SessionRecord,
  Store,
  UserRecord,
} from '../ports/store.ts';
import { describeGenerationContract } from './store-contract-generations.ts';
import { describeGrantContract } from './store-contract-grants.ts';
import { describeHostRetentionContract } from './store-contract-host-retention.ts';

/**
 * The behaviour every implementation of the `Store` port must share (SQLite on
 * Node, the in-memory store of hub tests, D1 on Workers). Where `ports/store.ts`
 * leaves a choice open, this suite makes it:
 *
 * - Lists are oldest first: by `createdAt`, then `id`.
 * - Records returned are copies; changing one (or the object passed to `create`)
 *   never changes what is stored.
 * - A duplicate id, credential hash, token hash, session hash or username rejects
 *   with a ProtocolError of code `conflict`; so does an agent name another agent not revoked
 *   holds, compared after `toLowerCase()` (`byName` itself matches exactly).
 * - Usernames collide and are found when equal after `toLowerCase()`; the stored
 *   spelling is kept.
 * - Something expires at its `expiresAt`: a join token is refused when
 *   `now >= expiresAt`, `sessions.deleteExpired(now)` removes `expiresAt <= now`.
 * - `revoke` returns true only for the call that revoked; a second call returns
 *   false and keeps the first time. Revoked agents, API tokens and join tokens stay
 *   readable. A used join token is not revoked; a revoked one is never consumed.
 * - `apiTokens.revokeForUser` revokes that user's unrevoked tokens only (but `exceptId`),
 *   keeping the first time of those already revoked, and answers how many it revoked.
 * - `touch`, `delete` and `update` of something unknown change nothing (no
 *   upsert); those returning a boolean return false.
 * - Deleting a user deletes their sessions, API tokens and grants (grants: `store-contract-grants.ts`).
 * - `sessions.deleteForUser(userId, exceptIdHash)` keeps only that one of the user's sessions.
 * - Audit ids increase; `list` is newest first, `beforeId` is exclusive, and a
 *   `limit` of 0 or less returns nothing.
 * - `logCursors.put` upserts; within one batch the later record for a key wins. A cursor's
 *   per-stream positions come back as stored, and a cursor stored without them comes back without.
 * - Container generations are numbered per identity in creation order, and bounded with the
 *   oldest removed rows going first (`store-contract-generations.ts`).
 * - A host's retention policy is one record per host, replaced by `set`; a revoked host keeps it
 *   (`store-contract-host-retention.ts`).
 *
 * `open` is called once per test and must return an empty store.
 */
export function describeStoreContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`${name} (store contract)`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await open();
    });

    afterEach(async () => {
      await store.close();
    });

    describe('agents', () => {
      it('stores an agent and finds it by id and by credential hash', async () => {
        const record = agent({ host: hostFacts() });
        await store.agents.create(record);
        expect(await store.agents.byId(record.id)).toEqual(record);
        expect(await store.agents.byCredentialHash(record.credentialHash)).toEqual(record);
      });

      it('keeps host facts as given, optional fields absent or present, and null', async () => {
        const bare = agent({ id: 'a-bare', credentialHash: 'h-bare', host: hostFacts() });
        const full = agent({
          id: 'a-full',
          credentialHash: 'h-full',
          host: { ...hostFacts(), dockerVersion: '27.3.1', dockerApiVersion: '1.47' },
        });
        const none = agent({ id: 'a-none', credentialHash: 'h-none', host: null });
        for (const r of [bare, full, none]) await store.agents.create(r);
        const bareHost = (await store.agents.byId('a-bare'))?.host;
        expect(bareHost).toEqual(bare.host);
        expect(bareHost !== null && bareHost !== undefined && 'dockerVersion' in bareHost).toBe(false);
        expect((await store.agents.byId('a-full'))?.host).toEqual(full.host);
        expect((await store.agents.byId('a-none'))?.host).toBeNull();
      });

      it('returns undefined for an unknown id or credential hash', async () => {
        expect(await store.agents.byId('nope')).toBeUndefined();
        expect(await store.agents.byCredentialHash('nope')).toBeUndefined();
      });

      it('refuses a duplicate id or credential hash with conflict', async () => {
        await store.agents.create(agent({ id: 'a1', credentialHash: 'h1' }));
        await expectConflict(store.agents.create(agent({ id: 'a1', credentialHash: 'h2' })));
        await expectConflict(store.agents.create(agent({ id: 'a2', credentialHash: 'h1' })));
        expect(await store.agents.list()).toHaveLength(1);
      });

      it('finds an agent not revoked by its exact name', async () => {
        const record = agent({ id: 'a1', credentialHash: 'h1', name: 'web' });
        await store.agents.create(record);
        expect(await store.agents.byName('web')).toEqual(record);
        expect(await store.agents.byName('WEB')).toBeUndefined();
        expect(await store.agents.byName('a1')).toBeUndefined();
        await store.agents.revoke('a1', 2_000);
        expect(await store.agents.byName('web')).toBeUndefined();
      });

      it('refuses a name an agent not revoked holds, ignoring case; a revoked agent frees its name', async () => {
        await store.agents.create(agent({ id: 'a1', credentialHash: 'h1', name: 'web' }));
        await expectConflict(store.agents.create(agent({ id: 'a2', credentialHash: 'h2', name: 'web' })));
        await expectConflict(store.agents.create(agent({ id: 'a2', credentialHash: 'h2', name: 'Web' })));
        await store.agents.revoke('a1', 2_000);
        const next = agent({ id: 'a2', credentialHash: 'h2', name: 'web' });
        await store.agents.create(next);
        expect(await store.agents.byName('web')).toEqual(next);
        expect((await store.agents.list()).map((a) => a.id)).toEqual(['a1', 'a2']);
      });

      it('lists oldest first, ties by id', async () => {
        await store.agents.create(agent({ id: 'c', credentialHash: 'hc', createdAt: 2_000 }));
        await store.agents.create(agent({ id: 'b', credentialHash: 'hb', createdAt: 1_000 }));
        await store.agents.create(agent({ id: 'a', credentialHash: 'ha', createdAt: 2_000 }));
        expect((await store.agents.list()).map((a) => a.id)).toEqual(['b', 'a', 'c']);
      });

      it('touch sets lastSeenAt, replaces host facts when given and keeps them when not', async () => {
        await store.agents.create(agent({ id: 'a1', host: null }));
        await store.agents.touch('a1', 5_000);
        expect(await store.agents.byId('a1')).toMatchObject({ lastSeenAt: 5_000, host: null });
        const first = hostFacts();
        await store.agents.touch('a1', 6_000, first);
        expect(await store.agents.byId('a1')).toMatchObject({ lastSeenAt: 6_000, host: first });
        await store.agents.touch('a1', 7_000);
        expect(await store.agents.byId('a1')).toMatchObject({ lastSeenAt: 7_000, host: first });
        const second = { ...hostFacts(), hostname: 'renamed', cpus: 16 };
        await store.agents.touch('a1', 8_000, second);
        expect((await store.agents.byId('a1'))?.host).toEqual(second);
      });

      it('touch of an unknown agent creates nothing', async () => {
        await store.agents.touch('ghost', 1, hostFacts());
        expect(await store.agents.byId('ghost')).toBeUndefined();
        expect(await store.agents.list()).toEqual([]);
      });

      it('revokes once, keeps the first time, and the agent stays readable', async () => {
        const record = agent({ id: 'a1', credentialHash: 'h1' });
        await store.agents.create(record);
        expect(await store.agents.revoke('a1', 9_000)).toBe(true);
        expect(await store.agents.revoke('a1', 9_500)).toBe(false);
        const revoked = { ...record, revokedAt: 9_000 };
        expect(await store.agents.byId('a1')).toEqual(revoked);
        expect(await store.agents.byCredentialHash('h1')).toEqual(revoked);
        expect(await store.agents.list()).toEqual([revoked]);
      });

      it('revoke of an unknown agent returns false', async () => {
        expect(await store.agents.revoke('ghost', 1)).toBe(false);
      });

      it('hands out copies, not its own records', async () => {
        const record = agent({ id: 'a1', host: hostFacts() });
        const original = structuredClone(record);
        await store.agents.create(record);
        record.name = 'changed-after-create';
        if (record.host) record.host.hostname = 'changed-after-create';
        const read = await store.agents.byId('a1');
        expect(read).toEqual(original);
        if (read?.host) read.host.cpus = 999;
        if (read) read.revokedAt = 1;
        expect(await store.agents.byId('a1')).toEqual(original);
        const listed = await store.agents.list();
        listed.pop();
        expect(await store.agents.list()).toHaveLength(1);
      });
    });

    describe('join tokens', () => {
      it('stores tokens and lists them oldest first', async () => {
        const later = joinToken({ id: 'j2', tokenHash: 't2', createdAt: 2_000, name: null });
        const earlier = joinToken({ id: 'j1', tokenHash: 't1', createdAt: 1_000, name: 'web-1' });
        await store.joinTokens.create(later);
        await store.joinTokens.create(earlier);
        expect(await store.joinTokens.list()).toEqual([earlier, later]);
      });

      it('refuses a duplicate id or token hash with conflict', async () => {
        await store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't1' }));
        await expectConflict(store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't2' })));
        await expectConflict(store.joinTokens.create(joinToken({ id: 'j2', tokenHash: 't1' })));
        expect(await store.joinTokens.list()).toHaveLength(1);
      });

      it('consume marks the token used by the agent and returns it, once', async () => {
        const record = joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 });
        await store.joinTokens.create(record);
        const used = { ...record, usedAt: 5_000, usedByAgent: 'agent-1' };
        expect(await store.joinTokens.consume('t1', 5_000, 'agent-1')).toEqual(used);
        expect(await store.joinTokens.consume('t1', 5_001, 'agent-2')).toBeUndefined();
        expect(await store.joinTokens.list()).toEqual([used]);
      });

      it('of two concurrent consumes of one token, exactly one wins', async () => {
        await store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 }));
        const results = await Promise.all([
          store.joinTokens.consume('t1', 5_000, 'agent-a'),
          store.joinTokens.consume('t1', 5_000, 'agent-b'),
        ]);
        const winners = results.filter((r) => r !== undefined);
        expect(winners).toHaveLength(1);
        const [listed] = await store.joinTokens.list();
        expect(listed?.usedByAgent).toBe(winners[0]?.usedByAgent);
      });

      it('refuses an expired token, from its expiresAt on, and leaves it unused', async () => {
        const record = joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 });
        await store.joinTokens.create(record);
        expect(await store.joinTokens.consume('t1', 10_000, 'agent-1')).toBeUndefined();
        expect(await store.joinTokens.consume('t1', 20_000, 'agent-1')).toBeUndefined();
        expect(await store.joinTokens.list()).toEqual([record]);
        expect(await store.joinTokens.consume('t1', 9_999, 'agent-1')).toMatchObject({ usedAt: 9_999 });
      });

      it('consume of an unknown token returns undefined', async () => {
        await store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't1' }));
        expect(await store.joinTokens.consume('other', 1, 'agent-1')).toBeUndefined();
      });

      it('deletes by id; a deleted token cannot be consumed', async () => {
        await store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 }));
        await store.joinTokens.create(joinToken({ id: 'j2', tokenHash: 't2', expiresAt: 10_000 }));
        expect(await store.joinTokens.delete('j1')).toBe(true);
        expect(await store.joinTokens.delete('j1')).toBe(false);
        expect(await store.joinTokens.delete('ghost')).toBe(false);
        expect((await store.joinTokens.list()).map((t) => t.id)).toEqual(['j2']);
        expect(await store.joinTokens.consume('t1', 1, 'agent-1')).toBeUndefined();
      });

      it('revokes an unused token once; a revoked token cannot be consumed', async () => {
        const record = joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 });
        await store.joinTokens.create(record);
        expect(await store.joinTokens.revoke('j1', 3_000)).toBe(true);
        expect(await store.joinTokens.revoke('j1', 4_000)).toBe(false);
        expect(await store.joinTokens.revoke('ghost', 4_000)).toBe(false);
        expect(await store.joinTokens.consume('t1', 5_000, 'agent-1')).toBeUndefined();
        expect(await store.joinTokens.list()).toEqual([{ ...record, revokedAt: 3_000 }]);
      });

      it('does not revoke a used token, which keeps the agent it joined', async () => {
        await store.joinTokens.create(joinToken({ id: 'j1', tokenHash: 't1', expiresAt: 10_000 }));
        const used = await store.joinTokens.consume('t1', 5_000, 'agent-1');
        expect(await store.joinTokens.revoke('j1', 6_000)).toBe(false);
        expect(await store.joinTokens.list()).toEqual([used]);
      });
    });

    describe('users', () => {
      it('stores a user and finds it by id and by username', async () => {
        const record = user({ id: 'u1', username: 'alice' });
        await store.users.create(record);
        expect(await store.users.byId('u1')).toEqual(record);
        expect(await store.users.byUsername('alice')).toEqual(record);
        expect(await store.users.byId('ghost')).toBeUndefined();
        expect(await store.users.byUsername('ghost')).toBeUndefined();
      });

      it('finds usernames ignoring case and keeps the stored spelling', async () => {
        await store.users.create(user({ id: 'u1', username: 'Alice' }));
        await store.users.create(user({ id: 'u2', username: 'Ærøskøbing' }));
        expect((await store.users.byUsername('aLICE'))?.username).toBe('Alice');
        expect((await store.users.byUsername('ærØSKØBING'))?.id).toBe('u2');
      });

      it('refuses a username taken in any case, and a duplicate id, with conflict', async () => {
        await store.users.create(user({ id: 'u1', username: 'Alice' }));
        await expectConflict(store.users.create(user({ id: 'u2', username: 'alice' })));
        await expectConflict(store.users.create(user({ id: 'u3', username: 'ALICE' })));
        await expectConflict(store.users.create(user({ id: 'u1', username: 'bob' })));
        expect(await store.users.count()).toBe(1);
      });

      it('lists oldest first and counts', async () => {
        expect(await store.users.count()).toBe(0);
        expect(await store.users.list()).toEqual([]);
        const b = user({ id: 'b', username: 'bob', createdAt: 2_000 });
        const a = user({ id: 'a', username: 'alice', createdAt: 1_000 });
        await store.users.create(b);
        await store.users.create(a);
        expect(await store.users.list()).toEqual([a, b]);
        expect(await store.users.count()).toBe(2);
      });

      it('updates the password hash and the role independently', async () => {
        const record = user({ id: 'u1', passwordHash: 'old', role: 'viewer' });
        await store.users.create(record);
        expect(await store.users.update('u1', { passwordHash: 'new' })).toBe(true);
        expect(await store.users.byId('u1')).toEqual({ ...record, passwordHash: 'new' });
        expect(await store.users.update('u1', { role: 'admin' })).toBe(true);
        expect(await store.users.byId('u1')).toEqual({ ...record, passwordHash: 'new', role: 'admin' });
        expect(await store.users.update('u1', { passwordHash: 'newer', role: 'operator' })).toBe(true);
        expect(await store.users.byId('u1')).toMatchObject({ passwordHash: 'newer', role: 'operator' });
        expect(await store.users.update('u1', {})).toBe(true);
        expect(await store.users.byId('u1')).toMatchObject({ passwordHash: 'newer', role: 'operator' });
      });

      it('update of an unknown user returns false and creates nothing', async () => {
        expect(await store.users.update('ghost', { role: 'admin' })).toBe(false);
        expect(await store.users.count()).toBe(0);
      });

      it('deletes a user, freeing the username', async () => {
        await store.users.create(user({ id: 'u1', username: 'alice' }));
        expect(await store.users.delete('u1')).toBe(true);
        expect(await store.users.delete('u1')).toBe(false);
        expect(await store.users.byId('u1')).toBeUndefined();
        expect(await store.users.byUsername('alice')).toBeUndefined();
        expect(await store.users.count()).toBe(0);
        await store.users.create(user({ id: 'u2', username: 'Alice' }));
        expect((await store.users.byUsername('alice'))?.id).toBe('u2');
      });

      it("deleting a user deletes that user's sessions and API tokens, not others'", async () => {
        await store.users.create(user({ id: 'u1', username: 'alice' }));
        await store.users.create(user({ id: 'u2', username: 'bob' }));
        await store.sessions.create(session({ idHash: 's1', userId: 'u1' }));
        await store.sessions.create(session({ idHash: 's2', userId: 'u2' }));
        await store.apiTokens.create(apiToken({ id: 'k1', userId: 'u1', tokenHash: 'kh1' }));
        await store.apiTokens.create(apiToken({ id: 'k2', userId: 'u2', tokenHash: 'kh2' }));
        await store.users.delete('u1');
        expect(await store.sessions.byIdHash('s1')).toBeUndefined();
        expect(await store.apiTokens.byHash('kh1')).toBeUndefined();
        expect(await store.apiTokens.listForUser('u1')).toEqual([]);
        expect(await store.sessions.byIdHash('s2')).toBeDefined();
        expect(await store.apiTokens.byHash('kh2')).toBeDefined();
      });
    });

    describeGrantContract(() => store);
    describeGenerationContract(() => store);
    describeHostRetentionContract(() => store);

    describe('sessions', () => {
      beforeEach(async () => {
        await store.users.create(user({ id: 'u1', username: 'alice' }));
        await store.users.create(user({ id: 'u2', username: 'bob' }));
      });

      it('stores a session and finds it by id hash', async () => {
        const record = session({ idHash: 's1', userId: 'u1' });
        await store.sessions.create(record);
        expect(await store.sessions.byIdHash('s1')).toEqual(record);
        expect(await store.sessions.byIdHash('ghost')).toBeUndefined();
      });

      it('refuses a duplicate id hash with conflict', async () => {
        await store.sessions.create(session({ idHash: 's1', userId: 'u1' }));
        await expectConflict(store.sessions.create(session({ idHash: 's1', userId: 'u2' })));
        expect(await store.sessions.byIdHash('s1')).toMatchObject({ userId: 'u1' });
      });

      it('touch sets lastUsedAt and expiresAt; touching an unknown session creates nothing', async () => {
        const record = session({ idHash: 's1', userId: 'u1', lastUsedAt: 1_000, expiresAt: 5_000 });
        await store.sessions.create(record);
        await store.sessions.touch('s1', 2_000, 9_000);
        expect(await store.sessions.byIdHash('s1')).toEqual({
          ...record,
          lastUsedAt: 2_000,
          expiresAt: 9_000,
        });
        await store.sessions.touch('ghost', 2_000, 9_000);
        expect(await store.sessions.byIdHash('ghost')).toBeUndefined();
      });

      it('deletes one session, or all of one user', async () => {
        await store.sessions.create(session({ idHash: 's1', userId: 'u1' }));
        await store.sessions.create(session({ idHash: 's2', userId: 'u1' }));
        await store.sessions.create(session({ idHash: 's3', userId: 'u2' }));
        await store.sessions.delete('s1');
        await store.sessions.delete('ghost');
        expect(await store.sessions.byIdHash('s1')).toBeUndefined();
        expect(await store.sessions.byIdHash('s2')).toBeDefined();
        await store.sessions.deleteForUser('u1');
        expect(await store.sessions.byIdHash('s2')).toBeUndefined();
        expect(await store.sessions.byIdHash('s3')).toBeDefined();
      });

      it("deletes all of one user's sessions but one, and none of another user's", async () => {
        for (const [idHash, userId] of [
          ['s1', 'u1'],
          ['s2', 'u1'],
          ['s3', 'u1'],
          ['s4', 'u2'],
        ] as const) {
          await store.sessions.create(session({ idHash, userId }));
        }
        await store.sessions.deleteForUser('u1', 's2');
        expect(await store.sessions.byIdHash('s1')).toBeUndefined();
        expect(await store.sessions.byIdHash('s2')).toBeDefined();
        expect(await store.sessions.byIdHash('s3')).toBeUndefined();
        // Another user's session is never the exception: it was not in question.
        await store.sessions.deleteForUser('u2', 's2');
        expect(await store.sessions.byIdHash('s4')).toBeUndefined();
        expect(await store.sessions.byIdHash('s2')).toBeDefined();
      });

      it('deleteExpired removes sessions expired at or before now and counts them', async () => {
        await store.sessions.create(session({ idHash: 'past', userId: 'u1', expiresAt: 1_000 }));
        await store.sessions.create(session({ idHash: 'now', userId: 'u2', expiresAt: 2_000 }));
        await store.sessions.create(session({ idHash: 'later', userId: 'u1', expiresAt: 2_001 }));
        expect(await store.sessions.deleteExpired(2_000)).toBe(2);
        expect(await store.sessions.byIdHash('past')).toBeUndefined();
        expect(await store.sessions.byIdHash('now')).toBeUndefined();
        expect(await store.sessions.byIdHash('later')).toBeDefined();
        expect(await store.sessions.deleteExpired(2_000)).toBe(0);
      });
    });

    describe('API tokens', () => {
      beforeEach(async () => {
        await store.users.create(user({ id: 'u1', username: 'alice' }));
        await store.users.create(user({ id: 'u2', username: 'bob' }));
      });

      it('stores a token, finds it by hash and lists a user’s tokens oldest first', async () => {
        const later = apiToken({
          id: 'k2',
          userId: 'u1',
          tokenHash: 'h2',
          createdAt: 2_000,
          expiresAt: 9_000,
        });
        const earlier = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1', createdAt: 1_000 });
        const other = apiToken({ id: 'k3', userId: 'u2', tokenHash: 'h3' });
        for (const r of [later, earlier, other]) await store.apiTokens.create(r);
        expect(await store.apiTokens.byHash('h2')).toEqual(later);
        expect(await store.apiTokens.byHash('ghost')).toBeUndefined();
        expect(await store.apiTokens.listForUser('u1')).toEqual([earlier, later]);
        expect(await store.apiTokens.listForUser('u2')).toEqual([other]);
        expect(await store.apiTokens.listForUser('ghost')).toEqual([]);
      });

      it('refuses a duplicate id or token hash with conflict', async () => {
        await store.apiTokens.create(apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1' }));
        await expectConflict(store.apiTokens.create(apiToken({ id: 'k2', userId: 'u2', tokenHash: 'h1' })));
        await expectConflict(store.apiTokens.create(apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h2' })));
        expect(await store.apiTokens.listForUser('u2')).toEqual([]);
      });

      it('revokes once, keeps the first time, and the token stays readable', async () => {
        const record = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1' });
        await store.apiTokens.create(record);
        expect(await store.apiTokens.revoke('k1', 3_000)).toBe(true);
        expect(await store.apiTokens.revoke('k1', 4_000)).toBe(false);
        expect(await store.apiTokens.revoke('ghost', 4_000)).toBe(false);
        const revoked = { ...record, revokedAt: 3_000 };
        expect(await store.apiTokens.byHash('h1')).toEqual(revoked);
        expect(await store.apiTokens.listForUser('u1')).toEqual([revoked]);
      });

      it('finds a token by id and lists every user’s tokens oldest first', async () => {
        const later = apiToken({ id: 'k2', userId: 'u2', tokenHash: 'h2', createdAt: 2_000 });
        const earlier = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1', createdAt: 1_000 });
        for (const r of [later, earlier]) await store.apiTokens.create(r);
        expect(await store.apiTokens.byId('k2')).toEqual(later);
        expect(await store.apiTokens.byId('ghost')).toBeUndefined();
        expect(await store.apiTokens.list()).toEqual([earlier, later]);
      });

      it("revokeForUser revokes that user's live tokens only and counts them", async () => {
        const gone = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1', revokedAt: 500 });
        const live = apiToken({ id: 'k2', userId: 'u1', tokenHash: 'h2' });
        const other = apiToken({ id: 'k3', userId: 'u2', tokenHash: 'h3' });
        for (const r of [gone, live, other]) await store.apiTokens.create(r);
        expect(await store.apiTokens.revokeForUser('u1', 3_000)).toBe(1);
        expect(await store.apiTokens.revokeForUser('u1', 4_000)).toBe(0);
        expect(await store.apiTokens.listForUser('u1')).toEqual([gone, { ...live, revokedAt: 3_000 }]);
        expect(await store.apiTokens.byId('k3')).toEqual(other);
      });

      it('revokeForUser spares the token it is told to keep', async () => {
        const kept = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1' });
        const ended = apiToken({ id: 'k2', userId: 'u1', tokenHash: 'h2' });
        for (const r of [kept, ended]) await store.apiTokens.create(r);
        expect(await store.apiTokens.revokeForUser('u1', 3_000, 'k1')).toBe(1);
        expect(await store.apiTokens.listForUser('u1')).toEqual([kept, { ...ended, revokedAt: 3_000 }]);
      });

      it('touch sets lastUsedAt; touching an unknown token creates nothing', async () => {
        const record = apiToken({ id: 'k1', userId: 'u1', tokenHash: 'h1' });
        await store.apiTokens.create(record);
        await store.apiTokens.touch('k1', 7_000);
        expect(await store.apiTokens.byHash('h1')).toEqual({ ...record, lastUsedAt: 7_000 });
        await store.apiTokens.touch('ghost', 7_000);
        expect(await store.apiTokens.listForUser('u1')).toHaveLength(1);
      });
    });

    describe('audit log', () => {
      it('assigns increasing ids and lists newest first', async () => {
        await store.audit.append(audit({ at: 1, action: 'first', detail: null }));
        await store.audit.append(audit({ at: 2, action: 'second', outcome: 'denied', detail: 'why' }));
        await store.audit.append(audit({ at: 3, action: 'third', outcome: 'error' }));
        const all = await store.audit.list({ limit: 10 });
        expect(all.map((r) => r.action)).toEqual(['third', 'second', 'first']);
        const ids = all.map((r) => r.id);
        expect(ids.every((id) => Number.isInteger(id))).toBe(true);
        expect([...ids].sort((x, y) => y - x)).toEqual(ids);
        expect(new Set(ids).size).toBe(3);
        expect(all[1]).toEqual({
          ...audit({ at: 2, action: 'second', outcome: 'denied', detail: 'why' }),
          id: ids[1],
        });
        expect(all[2]?.detail).toBeNull();
      });

      it('pages with limit and an exclusive beforeId, without gaps or repeats', async () => {
        for (let i = 0; i < 7; i++) await store.audit.append(audit({ at: i, action: `a${i}` }));
        const seen: string[] = [];
        let beforeId: number | undefined;
        for (;;) {
          const page: AuditRecord[] = await store.audit.list(
            beforeId === undefined ? { limit: 3 } : { limit: 3, beforeId },
          );
          if (page.length === 0) break;
          expect(page.length).toBeLessThanOrEqual(3);
          seen.push(...page.map((r) => r.action));
          beforeId = page[page.length - 1]?.id;
        }
        expect(seen).toEqual(['a6', 'a5', 'a4', 'a3', 'a2', 'a1', 'a0']);
      });

      it('returns nothing for a limit of 0 or less, an empty log, or a beforeId below every id', async () => {
        expect(await store.audit.list({ limit: 5 })).toEqual([]);
        await store.audit.append(audit({}));
        const [only] = await store.audit.list({ limit: 5 });
        expect(await store.audit.list({ limit: 0 })).toEqual([]);
        expect(await store.audit.list({ limit: -1 })).toEqual([]);
        expect(await store.audit.list({ limit: 5, beforeId: only?.id })).toEqual([]);
      });

      it('keeps the actor name and the source, null included', async () => {
        await store.audit.append(audit({ actor: 'system', actorName: null, source: null }));
        await store.audit.append(audit({ actorName: 'Alice', source: '2001:db8::1' }));
        const [newer, older] = await store.audit.list({ limit: 5 });
        expect(newer).toMatchObject({ actorName: 'Alice', source: '2001:db8::1' });
        expect(older).toMatchObject({ actor: 'system', actorName: null, source: null });
      });

      it('filters by time, actor, action prefix, target, outcome and source together', async () => {
        await store.audit.append(audit({ at: 1, action: 'container.stop' }));
        await store.audit.append(audit({ at: 2, action: 'container.start', outcome: 'denied' }));
        await store.audit.append(audit({ at: 3, action: 'user.create', target: 'user:u2' }));
        await store.audit.append(audit({ at: 4, actor: 'user:u9', actorName: 'bob', source: '10.0.0.9' }));
        await store.audit.append(
          audit({ at: 5, actor: 'anonymous', actorName: 'ALICE', action: 'session.login' }),
        );
        const actions = async (query: Omit<AuditListQuery, 'limit'>) =>
          (await store.audit.list({ limit: 10, ...query })).map((r) => r.at);
        expect(await actions({ since: 2, until: 4 })).toEqual([4, 3, 2]);
        expect(await actions({ actionPrefix: 'container.' })).toEqual([4, 2, 1]);
        expect(await actions({ actor: 'alice' })).toEqual([5, 3, 2, 1]);
        expect(await actions({ actor: 'user:u9' })).toEqual([4]);
        expect(await actions({ target: 'user:u2' })).toEqual([3]);
        expect(await actions({ outcome: 'denied' })).toEqual([2]);
        expect(await actions({ source: '10.0.0.9' })).toEqual([4]);
        expect(await actions({ actionPrefix: 'container.', outcome: 'ok', since: 2 })).toEqual([4]);
        const [newest] = await store.audit.list({ limit: 1 });
        expect(await actions({ actor: 'alice', beforeId: newest?.id })).toEqual([3, 2, 1]);
      });

      it('takes an action prefix literally, wildcards included', async () => {
        await store.audit.append(audit({ action: 'user_create' }));
        await store.audit.append(audit({ action: 'user.%' }));
        expect((await store.audit.list({ limit: 5, actionPrefix: 'user.%' })).map((r) => r.action)).toEqual([
          'user.%',
        ]);
        expect(await store.audit.list({ limit: 5, actionPrefix: 'user_' })).toHaveLength(1);
      });

      it('prunes by age, then down to the newest rows, and never reuses an id', async () => {
        for (let i = 0; i < 6; i++) await store.audit.append(audit({ at: i * 10, action: `a${i}` }));
        expect(await store.audit.prune({ before: 20, keepRows: 100 })).toBe(2);
        expect(await store.audit.prune({ before: 0, keepRows: 3 })).toBe(1);
        const left = await store.audit.list({ limit: 10 });
        expect(left.map((r) => r.action)).toEqual(['a5', 'a4', 'a3']);
        expect(await store.audit.prune({ before: 0, keepRows: 3 })).toBe(0);
        await store.audit.append(audit({ at: 60, action: 'a6' }));
        const [newest] = await store.audit.list({ limit: 1 });
        expect(newest?.id).toBeGreaterThan(left[0]?.id ?? Number.POSITIVE_INFINITY);
        expect(await store.audit.prune({ before: 1_000, keepRows: 3 })).toBe(4);
      });
    });

    describe('log cursors', () => {
      const containerA = 'a'.repeat(64);
      const containerB = 'b'.repeat(64);

      it('returns undefined for an unknown cursor', async () => {
        expect(await store.logCursors.get('agent-1', containerA)).toBeUndefined();
      });

      it('stores a batch and upserts over earlier values', async () => {
        const a1 = cursor({ agentId: 'agent-1', containerId: containerA, seq: 10 });
        const b1 = cursor({ agentId: 'agent-1', containerId: containerB, seq: 20 });
        const a2 = cursor({ agentId: 'agent-2', containerId: containerA, seq: 30 });
        await store.logCursors.put([a1, b1, a2]);
        expect(await store.logCursors.get('agent-1', containerA)).toEqual(a1);
        expect(await store.logCursors.get('agent-1', containerB)).toEqual(b1);
        expect(await store.logCursors.get('agent-2', containerA)).toEqual(a2);
        const a1Next = {
          ...a1,
          seq: 11,
          ts: '2024-05-01T10:00:01.000000002Z',
          countAtTs: 2,
          updatedAt: 9_000,
        };
        await store.logCursors.put([a1Next]);
        expect(await store.logCursors.get('agent-1', containerA)).toEqual(a1Next);
        expect(await store.logCursors.get('agent-1', containerB)).toEqual(b1);
      });

      it('takes the later record when one batch holds a key twice, and accepts an empty batch', async () => {
        const first = cursor({ agentId: 'agent-1', containerId: containerA, seq: 1 });
        const second = { ...first, seq: 2, updatedAt: first.updatedAt + 1 };
        await store.logCursors.put([first, second]);
        expect(await store.logCursors.get('agent-1', containerA)).toEqual(second);
        await store.logCursors.put([]);
        expect(await store.logCursors.get('agent-1', containerA)).toEqual(second);
      });

      it('keeps the position per stream, and its absence', async () => {
        const positions = cursor({
          agentId: 'agent-1',
          containerId: containerA,
          streams: {
            stdout: { ts: '2024-05-01T10:00:00.000000001Z', countAtTs: 1 },
            stderr: { ts: '2024-05-01T09:59:59.999999999Z', countAtTs: 3 },
          },
        });
        const onlyStdout = cursor({
          agentId: 'agent-1',
          containerId: containerB,
          streams: { stdout: { ts: '2024-05-01T10:00:00.000000001Z', countAtTs: 2 } },
        });
        await store.logCursors.put([
          positions,
          onlyStdout,
          cursor({ agentId: 'agent-2', containerId: containerA }),
        ]);
        expect(await store.logCursors.get('agent-1', containerA)).toEqual(positions);
        expect(await store.logCursors.get('agent-1', containerB)).toEqual(onlyStdout);
        const without = await store.logCursors.get('agent-2', containerA);
        expect(without).toBeDefined();
        expect(without?.streams).toBeUndefined();
        const { streams: _dropped, ...withoutPositions } = positions;
        await store.logCursors.put([{ ...withoutPositions, seq: 2 }]);
        expect((await store.logCursors.get('agent-1', containerA))?.streams).toBeUndefined();
      });

      it('deletes the cursor of one container of one agent only', async () => {
        await store.logCursors.put([
          cursor({ agentId: 'agent-1', containerId: containerA }),
          cursor({ agentId: 'agent-1', containerId: containerB }),
          cursor({ agentId: 'agent-2', containerId: containerA }),
        ]);
        await store.logCursors.deleteForContainer('agent-1', containerA);
        await store.logCursors.deleteForContainer('agent-9', containerA);
        expect(await store.logCursors.get('agent-1', containerA)).toBeUndefined();
        expect(await store.logCursors.get('agent-1', containerB)).toBeDefined();
        expect(await store.logCursors.get('agent-2', containerA)).toBeDefined();
      });
    });
  });
}

async function expectConflict(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toMatchObject({ name: 'ProtocolError', code: 'conflict' });
}

function hostFacts(): HostFacts {
  return { hostname: 'web-1', os: 'linux', arch: 'x64', cpus: 4, memoryBytes: 8 * 1024 ** 3 };
}

// Names are unique among agents, so each id gets its own unless a test names it.
function agent(overrides: Partial<AgentRecord>): AgentRecord {
  return {
    id: 'agent-1',
    name: `host-${overrides.id ?? 'agent-1'}`,
    credentialHash: 'cred-hash-1',
    createdAt: 1_000,
    lastSeenAt: null,
    revokedAt: null,
    host: null,
    ...overrides,
  };
}

function joinToken(overrides: Partial<JoinTokenRecord>): JoinTokenRecord {
  return {
    id: 'join-1',
    tokenHash: 'join-hash-1',
    name: 'web-1',
    createdBy: 'user:u1',
    createdAt: 1_000,
    expiresAt: 100_000,
    usedAt: null,
    usedByAgent: null,
    revokedAt: null,
    ...overrides,
  };
}

function user(overrides: Partial<UserRecord>): UserRecord {
  return {
    id: 'u1',
    username: 'alice',
    passwordHash: 'scrypt$65536$8$1$salt$hash',
    role: 'operator',
    createdAt: 1_000,
    ...overrides,
  };
}

function session(overrides: Partial<SessionRecord>): SessionRecord {
  return {
    idHash: 'session-hash-1',
    userId: 'u1',
    createdAt: 1_000,
    expiresAt: 100_000,
    lastUsedAt: 1_000,
    ...overrides,
  };
}

function apiToken(overrides: Partial<ApiTokenRecord>): ApiTokenRecord {
  return {
    id: 'key-1',
    userId: 'u1',
    name: 'laptop',
    tokenHash: 'token-hash-1',
    createdAt: 1_000,
    expiresAt: null,
    lastUsedAt: null,
    revokedAt: null,
    ...overrides,
  };
}

function audit(overrides: Partial<Omit<AuditRecord, 'id'>>): Omit<AuditRecord, 'id'> {
  return {
    at: 1_000,
    actor: 'user:u1',
    actorName: 'alice',
    action: 'container.restart',
    target: 'agent-1/web',
    outcome: 'ok',
    detail: null,
    source: '127.0.0.1',
    ...overrides,
  };
}

function cursor(overrides: Partial<LogCursorRecord>): LogCursorRecord {
  return {
    agentId: 'agent-1',
    containerId: 'a'.repeat(64),
    seq: 1,
    ts: '2024-05-01T10:00:00.000000001Z',
    countAtTs: 1,
    updatedAt: 1_000,
    ...overrides,
  };
}
