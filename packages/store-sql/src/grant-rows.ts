import type { GrantRecord, GrantRole } from '@bosun/hub';
import type { SqlValue } from './sql-value.ts';

/** A `grants` row as SQLite answers it. */
export type GrantRow = { user_id: string; agent_id: string; role: GrantRole; created_at: number };

/** The columns of `grants`, in the order `grantValues` gives their values. */
export const GRANT_COLUMNS = 'user_id, agent_id, role, created_at';

const ORDER = 'ORDER BY created_at, user_id, agent_id';

/** The grant store's statements, parameters by position. */
export const GRANT_SQL = {
  // A grant set again keeps when it was first given.
  put: `INSERT INTO grants (${GRANT_COLUMNS}) VALUES (?, ?, ?, ?)
    ON CONFLICT (user_id, agent_id) DO UPDATE SET role = excluded.role`,
  delete: 'DELETE FROM grants WHERE user_id = ? AND agent_id = ?',
  listForUser: `SELECT ${GRANT_COLUMNS} FROM grants WHERE user_id = ? ${ORDER}`,
  list: `SELECT ${GRANT_COLUMNS} FROM grants ${ORDER}`,
  deleteForAgent: 'DELETE FROM grants WHERE agent_id = ?',
} as const;

/** The values of `record` for `GRANT_SQL.put`, in `GRANT_COLUMNS` order. */
export function grantValues(record: GrantRecord): SqlValue[] {
  return [record.userId, record.agentId, record.role, record.createdAt];
}

/** The grant a `grants` row holds. */
export function grantFromRow(row: GrantRow): GrantRecord {
  return { userId: row.user_id, agentId: row.agent_id, role: row.role, createdAt: row.created_at };
}
