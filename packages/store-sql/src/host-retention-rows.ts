import { type HostRetentionRecord, parseRetentionPolicy } from '@bosun/hub';

/** A `host_retention` row as SQLite answers it. */
export type HostRetentionRow = { agent_id: string; policy: string; updated_at: number };

/** The host retention store's statements, parameters by position. */
export const HOST_RETENTION_SQL = {
  list: 'SELECT agent_id, policy, updated_at FROM host_retention ORDER BY agent_id',
  // (agentId, policy, updatedAt)
  set: `INSERT INTO host_retention (agent_id, policy, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (agent_id) DO UPDATE SET policy = excluded.policy, updated_at = excluded.updated_at`,
  delete: 'DELETE FROM host_retention WHERE agent_id = ?',
} as const;

/** The policies `rows` hold, in their order. */
export function hostRetentionFromRows(rows: readonly HostRetentionRow[]): HostRetentionRecord[] {
  return rows.flatMap((row): HostRetentionRecord[] => {
    // The table's CHECK admits only known policies; a row a newer bosun wrote is left alone.
    const policy = parseRetentionPolicy(row.policy);
    return policy ? [{ agentId: row.agent_id, policy, updatedAt: row.updated_at }] : [];
  });
}
