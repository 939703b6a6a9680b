import type { AgentRecord } from '@bosun/hub';
import { type HostFacts, hostFactsSchema } from '@bosun/protocol';
import type { SqlValue } from './sql-value.ts';

/** An `agents` row as SQLite answers it. */
export type AgentRow = {
  id: string;
  name: string;
  credential_hash: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  host: string | null;
};

/** The columns of `agents`, in the order `agentValues` gives their values. */
export const AGENT_COLUMNS = 'id, name, credential_hash, created_at, last_seen_at, revoked_at, host';

/** The agent store's statements, parameters by position. */
export const AGENT_SQL = {
  insert: `INSERT INTO agents (${AGENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  byId: `SELECT ${AGENT_COLUMNS} FROM agents WHERE id = ?`,
  // `lower(name)` first so the lookup uses the unique index on live names.
  byName: `SELECT ${AGENT_COLUMNS} FROM agents WHERE lower(name) = lower(?1) AND name = ?1 AND revoked_at IS NULL`,
  byCredentialHash: `SELECT ${AGENT_COLUMNS} FROM agents WHERE credential_hash = ?`,
  list: `SELECT ${AGENT_COLUMNS} FROM agents ORDER BY created_at, id`,
  // A heartbeat without host facts keeps the last ones known: (lastSeenAt, host, id).
  touch: 'UPDATE agents SET last_seen_at = ?, host = coalesce(?, host) WHERE id = ?',
  // The first revocation time is the one that counts; revoking again changes nothing: (at, id).
  revoke: 'UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
} as const;

/** The values of `record` for `AGENT_SQL.insert`, in `AGENT_COLUMNS` order. */
export function agentValues(record: AgentRecord): SqlValue[] {
  return [
    record.id,
    record.name,
    record.credentialHash,
    record.createdAt,
    record.lastSeenAt,
    record.revokedAt,
    hostToJson(record.host),
  ];
}

/** Host facts as the `host` column holds them: JSON text, or NULL for none. */
export function hostToJson(host: HostFacts | null): string | null {
  return host === null ? null : JSON.stringify(host);
}

/** The agent an `agents` row holds. */
export function agentFromRow(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    credentialHash: row.credential_hash,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    revokedAt: row.revoked_at,
    host: row.host === null ? null : readHostFacts(row.host),
  };
}

// Written by the store from a checked hello, so a row that no longer reads (an older version's
// shape, a hand edit) only loses its facts until the agent's next hello writes them again.
function readHostFacts(text: string): HostFacts | null {
  try {
    const parsed = hostFactsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
