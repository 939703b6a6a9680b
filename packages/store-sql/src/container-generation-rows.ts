import type { ContainerGenerationRecord } from '@bosun/hub';

/** A `container_generations` row as SQLite answers it. */
export type GenerationRow = {
  agent_id: string;
  container_id: string;
  identity_key: string;
  name: string;
  generation: number;
  created_at: number;
  removed_at: number | null;
};

/** The columns of `container_generations`. */
export const GENERATION_COLUMNS =
  'agent_id, container_id, identity_key, name, generation, created_at, removed_at';

/**
 * The container generation store's statements both stores run as they are, parameters by
 * position. How a list is recorded differs (reads and writes in one transaction on SQLite,
 * conditional statements in one batch on D1), so those statements stay with each store.
 */
export const GENERATION_SQL = {
  // (agentId, containerId)
  byContainer: `SELECT ${GENERATION_COLUMNS} FROM container_generations WHERE agent_id = ? AND container_id = ?`,
  // At most two rows: one means the prefix names a single container. (agentId, prefix)
  byPrefix: `SELECT ${GENERATION_COLUMNS} FROM container_generations
    WHERE agent_id = ?1 AND substr(container_id, 1, length(?2)) = ?2 LIMIT 2`,
  // (agentId, identityKey)
  forIdentity: `SELECT ${GENERATION_COLUMNS} FROM container_generations
    WHERE agent_id = ? AND identity_key = ? ORDER BY generation`,
  // Removed generations of one identity beyond the newest `keep`: (agentId, identityKey, keep).
  pruneIdentity: `DELETE FROM container_generations
    WHERE agent_id = ?1 AND identity_key = ?2 AND removed_at IS NOT NULL
      AND generation <= (SELECT max(generation) FROM container_generations
                         WHERE agent_id = ?1 AND identity_key = ?2) - ?3`,
  // (agentId)
  deleteForAgent: 'DELETE FROM container_generations WHERE agent_id = ?',
} as const;

/** The generation a `container_generations` row holds. */
export function generationFromRow(row: GenerationRow): ContainerGenerationRecord {
  return {
    agentId: row.agent_id,
    identityKey: row.identity_key,
    containerId: row.container_id,
    name: row.name,
    generation: row.generation,
    createdAt: row.created_at,
    removedAt: row.removed_at,
  };
}
