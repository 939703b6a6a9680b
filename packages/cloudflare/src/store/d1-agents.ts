import type { AgentRecord, AgentStore } from '@bosun/hub';
import { type HostFacts, hostFactsSchema } from '@bosun/protocol';
import type { D1Calls } from './d1-calls.ts';

type AgentRow = {
  id: string;
  name: string;
  credential_hash: string;
  created_at: number;
  last_seen_at: number | null;
  revoked_at: number | null;
  host: string | null;
};

const COLUMNS = 'id, name, credential_hash, created_at, last_seen_at, revoked_at, host';

/** The hub's agent store on D1; agents are found by the hash of their credential. */
export function d1AgentStore(calls: D1Calls): AgentStore {
  const one = async (sql: string, value: string) => {
    const row = await calls.first<AgentRow>('reading agent', `SELECT ${COLUMNS} FROM agents ${sql}`, value);
    return row && toRecord(row);
  };
  return {
    async create(record) {
      await calls.insert(
        'creating agent',
        'an agent with this id, credential or name already exists',
        `INSERT INTO agents (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)`,
        record.id,
        record.name,
        record.credentialHash,
        record.createdAt,
        record.lastSeenAt,
        record.revokedAt,
        hostToJson(record.host),
      );
    },
    byId: (id) => one('WHERE id = ?', id),
    // `lower(name)` first so the lookup uses the unique index on live names.
    byName: (name) => one('WHERE lower(name) = lower(?1) AND name = ?1 AND revoked_at IS NULL', name),
    byCredentialHash: (hash) => one('WHERE credential_hash = ?', hash),
    async list() {
      const rows = await calls.all<AgentRow>(
        'listing agents',
        `SELECT ${COLUMNS} FROM agents ORDER BY created_at, id`,
      );
      return rows.map(toRecord);
    },
    async touch(id, lastSeenAt, host) {
      // A heartbeat without host facts keeps the last ones known.
      await calls.changes(
        'updating agent',
        'UPDATE agents SET last_seen_at = ?, host = coalesce(?, host) WHERE id = ?',
        lastSeenAt,
        hostToJson(host ?? null),
        id,
      );
    },
    // The first revocation time is the one that counts; revoking again changes nothing.
    revoke: async (id, at) =>
      (await calls.changes(
        'revoking agent',
        'UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
        at,
        id,
      )) > 0,
  };
}

function hostToJson(host: HostFacts | null): string | null {
  return host === null ? null : JSON.stringify(host);
}

function toRecord(row: AgentRow): AgentRecord {
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

// Written by this store from a checked hello, so a row that no longer reads (an older version's
// shape, a hand edit) only loses its facts until the agent's next hello writes them again.
function readHostFacts(text: string): HostFacts | null {
  try {
    const parsed = hostFactsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
