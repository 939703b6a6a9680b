import {
  type ContainerGenerationStore,
  MAX_GENERATIONS_PER_AGENT,
  MAX_GENERATIONS_PER_IDENTITY,
  type SeenContainer,
} from '@bosun/hub';
import { GENERATION_COLUMNS, GENERATION_SQL, type GenerationRow, generationFromRow } from '@bosun/store-sql';
import type { D1Calls } from './d1-calls.ts';
import type { D1Like, D1StatementLike } from './d1-like.ts';

type KnownRow = Pick<GenerationRow, 'container_id' | 'identity_key' | 'name' | 'removed_at'>;

// D1 has no transaction spanning reads and writes, so every write below decides for itself, in
// SQL, whether it applies; the statements of one call go in one batch, which D1 runs as one
// transaction. Parameters: ?1 agent, ?2 container, ?3 name, ?4 identity, ?5 createdAt (D1 wants
// exactly as many values bound as a statement numbers).
const REVIVE = `UPDATE container_generations SET name = ?3, removed_at = NULL
  WHERE agent_id = ?1 AND container_id = ?2 AND identity_key = ?4`;
// A container new to the agent, or known under another identity, becomes its identity's next
// generation; a container already known under this identity is left to REVIVE.
const INSERT_NEXT = `INSERT INTO container_generations (${GENERATION_COLUMNS})
  SELECT ?1, ?2, ?4, ?3, next, ?5, NULL FROM (
    SELECT coalesce(max(generation), 0) + 1 AS next FROM container_generations
    WHERE agent_id = ?1 AND identity_key = ?4)
  WHERE NOT EXISTS (SELECT 1 FROM container_generations
                    WHERE agent_id = ?1 AND container_id = ?2 AND identity_key = ?4)
  ON CONFLICT (agent_id, container_id) DO UPDATE SET
    identity_key = excluded.identity_key, name = excluded.name,
    generation = excluded.generation, removed_at = NULL`;
const PRUNE_AGENT = `DELETE FROM container_generations WHERE agent_id = ?1 AND container_id IN (
  SELECT container_id FROM container_generations WHERE agent_id = ?1 AND removed_at IS NOT NULL
  ORDER BY removed_at, created_at
  LIMIT max(0, (SELECT count(*) FROM container_generations WHERE agent_id = ?1) - ?2))`;
// Container ids travel as one JSON array, so a list of any length is one statement within D1's
// limit on bound parameters.
const REMOVE_THESE = `UPDATE container_generations SET removed_at = ?2
  WHERE agent_id = ?1 AND removed_at IS NULL AND container_id IN (SELECT value FROM json_each(?3))`;
const REMOVE_OTHERS = `UPDATE container_generations SET removed_at = ?2
  WHERE agent_id = ?1 AND removed_at IS NULL AND container_id NOT IN (SELECT value FROM json_each(?3))`;

/**
 * The hub's container generation store on D1: one row per container an agent reported, with the
 * identity it held and its number within that identity. A list costs one read of the agent's
 * rows and one batch holding only the containers that changed.
 */
export function d1ContainerGenerationStore(calls: D1Calls): ContainerGenerationStore {
  const seenStatements = async (db: D1Like, agentId: string, containers: readonly SeenContainer[]) => {
    if (containers.length === 0) return [];
    const { results } = await db
      .prepare(
        'SELECT container_id, identity_key, name, removed_at FROM container_generations WHERE agent_id = ?',
      )
      .bind(agentId)
      .all<KnownRow>();
    return statementsForSeen(db, agentId, containers, new Map(results.map((row) => [row.container_id, row])));
  };
  const runBatch = async (db: D1Like, statements: D1StatementLike[]) => {
    if (statements.length > 0) await db.batch(statements);
  };

  return {
    seen: (agentId, containers) =>
      calls.call('recording container generations', async (db) =>
        runBatch(db, await seenStatements(db, agentId, containers)),
      ),
    async removed(agentId, containerIds, at) {
      if (containerIds.length === 0) return;
      await calls.changes(
        'recording removed containers',
        REMOVE_THESE,
        agentId,
        at,
        JSON.stringify(containerIds),
      );
    },
    listed: (agentId, containers, at) =>
      calls.call('recording a container list', async (db) => {
        const present = JSON.stringify(containers.map((c) => c.containerId));
        await runBatch(db, [
          ...(await seenStatements(db, agentId, containers)),
          db.prepare(REMOVE_OTHERS).bind(agentId, at, present),
        ]);
      }),
    async forIdentity(agentId, identityKey) {
      const rows = await calls.all<GenerationRow>(
        'reading container generations',
        GENERATION_SQL.forIdentity,
        agentId,
        identityKey,
      );
      return rows.map(generationFromRow);
    },
    async byContainer(agentId, idOrPrefix) {
      const action = 'reading a container generation';
      const exact = await calls.first<GenerationRow>(action, GENERATION_SQL.byContainer, agentId, idOrPrefix);
      if (exact) return generationFromRow(exact);
      const rows = await calls.all<GenerationRow>(action, GENERATION_SQL.byPrefix, agentId, idOrPrefix);
      return rows.length === 1 && rows[0] ? generationFromRow(rows[0]) : undefined;
    },
    deleteForAgent: (agentId) =>
      calls.changes('deleting container generations', GENERATION_SQL.deleteForAgent, agentId),
  };
}

/**
 * The statements recording `containers` as existing, oldest first. A container known under the
 * same identity, name unchanged and live, needs none: a relist of a quiet host writes nothing.
 */
function statementsForSeen(
  db: D1Like,
  agentId: string,
  containers: readonly SeenContainer[],
  known: ReadonlyMap<string, KnownRow>,
): D1StatementLike[] {
  const statements: D1StatementLike[] = [];
  const numbered = new Set<string>();
  for (const c of [...containers].sort((a, b) => a.createdAt - b.createdAt)) {
    const row = known.get(c.containerId);
    const sameIdentity = row?.identity_key === c.identityKey;
    if (sameIdentity && row?.name === c.name && row.removed_at === null) continue;
    const values = [agentId, c.containerId, c.name, c.identityKey];
    statements.push(db.prepare(REVIVE).bind(...values), db.prepare(INSERT_NEXT).bind(...values, c.createdAt));
    if (!sameIdentity) numbered.add(c.identityKey);
  }
  for (const key of numbered) {
    statements.push(
      db.prepare(GENERATION_SQL.pruneIdentity).bind(agentId, key, MAX_GENERATIONS_PER_IDENTITY),
    );
  }
  if (numbered.size > 0) statements.push(db.prepare(PRUNE_AGENT).bind(agentId, MAX_GENERATIONS_PER_AGENT));
  return statements;
}
