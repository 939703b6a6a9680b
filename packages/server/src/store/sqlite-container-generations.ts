import type { DatabaseSync } from 'node:sqlite';
import {
  type ContainerGenerationStore,
  MAX_GENERATIONS_PER_AGENT,
  MAX_GENERATIONS_PER_IDENTITY,
  type SeenContainer,
} from '@bosun/hub';
import { GENERATION_COLUMNS, GENERATION_SQL, type GenerationRow, generationFromRow } from '@bosun/store-sql';
import { storeCall } from './sqlite-errors.ts';
import { prepareAll } from './sqlite-statements.ts';
import { inTransaction } from './sqlite-transaction.ts';

/**
 * The hub's container generation store on SQLite: one row per container an agent reported, with
 * the identity it held and its number within that identity. A list is written in one
 * transaction, so an agent's thousand containers cost one commit after a manager restart.
 */
export function sqliteContainerGenerationStore(db: DatabaseSync): ContainerGenerationStore {
  const shared = prepareAll(db, GENERATION_SQL);
  const nextGeneration = db.prepare(
    `SELECT coalesce(max(generation), 0) + 1 AS next FROM container_generations
     WHERE agent_id = ? AND identity_key = ?`,
  );
  const insert = db.prepare(
    `INSERT INTO container_generations (${GENERATION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, NULL)
     ON CONFLICT (agent_id, container_id) DO UPDATE SET
       identity_key = excluded.identity_key, name = excluded.name,
       generation = excluded.generation, removed_at = NULL`,
  );
  const revive = db.prepare(
    'UPDATE container_generations SET name = ?, removed_at = NULL WHERE agent_id = ? AND container_id = ?',
  );
  const markRemoved = db.prepare(
    `UPDATE container_generations SET removed_at = ?
     WHERE agent_id = ? AND container_id = ? AND removed_at IS NULL`,
  );
  const live = db.prepare(
    'SELECT container_id FROM container_generations WHERE agent_id = ? AND removed_at IS NULL',
  );
  const count = db.prepare('SELECT count(*) AS n FROM container_generations WHERE agent_id = ?');
  const pruneAgent = db.prepare(
    `DELETE FROM container_generations WHERE agent_id = ?1 AND container_id IN (
       SELECT container_id FROM container_generations WHERE agent_id = ?1 AND removed_at IS NOT NULL
       ORDER BY removed_at, created_at LIMIT ?2)`,
  );

  // Runs inside the caller's transaction.
  function seenAll(agentId: string, containers: readonly SeenContainer[]): void {
    const touched = new Set<string>();
    for (const c of [...containers].sort((a, b) => a.createdAt - b.createdAt)) {
      const known = shared.byContainer.get(agentId, c.containerId) as GenerationRow | undefined;
      if (known && known.identity_key === c.identityKey) {
        if (known.name !== c.name || known.removed_at !== null) revive.run(c.name, agentId, c.containerId);
        continue;
      }
      const { next } = nextGeneration.get(agentId, c.identityKey) as { next: number };
      insert.run(agentId, c.containerId, c.identityKey, c.name, next, c.createdAt);
      touched.add(c.identityKey);
    }
    for (const key of touched) shared.pruneIdentity.run(agentId, key, MAX_GENERATIONS_PER_IDENTITY);
    if (touched.size === 0) return;
    const { n } = count.get(agentId) as { n: number };
    if (n > MAX_GENERATIONS_PER_AGENT) pruneAgent.run(agentId, n - MAX_GENERATIONS_PER_AGENT);
  }

  function removedAll(agentId: string, containerIds: Iterable<string>, at: number): void {
    for (const id of containerIds) markRemoved.run(at, agentId, id);
  }

  return {
    async seen(agentId, containers) {
      if (containers.length === 0) return;
      storeCall('recording container generations', () =>
        inTransaction(db, () => seenAll(agentId, containers)),
      );
    },
    async removed(agentId, containerIds, at) {
      if (containerIds.length === 0) return;
      storeCall('recording removed containers', () =>
        inTransaction(db, () => removedAll(agentId, containerIds, at)),
      );
    },
    async listed(agentId, containers, at) {
      storeCall('recording a container list', () =>
        inTransaction(db, () => {
          seenAll(agentId, containers);
          const present = new Set(containers.map((c) => c.containerId));
          const gone = (live.all(agentId) as Array<{ container_id: string }>)
            .map((row) => row.container_id)
            .filter((id) => !present.has(id));
          removedAll(agentId, gone, at);
        }),
      );
    },
    async forIdentity(agentId, identityKey) {
      const rows = storeCall('reading container generations', () =>
        shared.forIdentity.all(agentId, identityKey),
      );
      return (rows as GenerationRow[]).map(generationFromRow);
    },
    async byContainer(agentId, idOrPrefix) {
      const exact = storeCall('reading a container generation', () =>
        shared.byContainer.get(agentId, idOrPrefix),
      ) as GenerationRow | undefined;
      if (exact) return generationFromRow(exact);
      const rows = storeCall('reading a container generation', () =>
        shared.byPrefix.all(agentId, idOrPrefix),
      );
      return rows.length === 1 ? generationFromRow(rows[0] as GenerationRow) : undefined;
    },
    async deleteForAgent(agentId) {
      const result = storeCall('deleting container generations', () => shared.deleteForAgent.run(agentId));
      return Number(result.changes);
    },
  };
}
