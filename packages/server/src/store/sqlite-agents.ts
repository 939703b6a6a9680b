import type { DatabaseSync } from 'node:sqlite';
import type { AgentRecord, AgentStore } from '@bosun/hub';
import { type HostFacts, hostFactsSchema } from '@bosun/protocol';
import { storeCall } from './sqlite-errors.ts';

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

/** The hub's agent store on SQLite; agents are found by the hash of their credential. */
export function sqliteAgentStore(db: DatabaseSync): AgentStore {
  const insert = db.prepare(
    `INSERT INTO agents (${COLUMNS})
     VALUES (:id, :name, :credentialHash, :createdAt, :lastSeenAt, :revokedAt, :host)`,
  );
  const selectById = db.prepare(`SELECT ${COLUMNS} FROM agents WHERE id = ?`);
  // `lower(name)` first so the lookup uses the unique index on live names (migration 6).
  const selectByName = db.prepare(
    `SELECT ${COLUMNS} FROM agents WHERE lower(name) = lower(?1) AND name = ?1 AND revoked_at IS NULL`,
  );
  const selectByCredential = db.prepare(`SELECT ${COLUMNS} FROM agents WHERE credential_hash = ?`);
  const selectAll = db.prepare(`SELECT ${COLUMNS} FROM agents ORDER BY created_at, id`);
  // A heartbeat without host facts keeps the last ones known.
  const updateSeen = db.prepare('UPDATE agents SET last_seen_at = ?, host = coalesce(?, host) WHERE id = ?');
  // The first revocation time is the one that counts; revoking again changes nothing.
  const updateRevoked = db.prepare('UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL');

  return {
    async create(record) {
      storeCall(
        'creating agent',
        () =>
          insert.run({
            id: record.id,
            name: record.name,
            credentialHash: record.credentialHash,
            createdAt: record.createdAt,
            lastSeenAt: record.lastSeenAt,
            revokedAt: record.revokedAt,
            host: hostToJson(record.host),
          }),
        'an agent with this id, credential or name already exists',
      );
    },
    async byId(id) {
      const row = storeCall('reading agent', () => selectById.get(id)) as AgentRow | undefined;
      return row && toRecord(row);
    },
    async byName(name) {
      const row = storeCall('reading agent', () => selectByName.get(name)) as AgentRow | undefined;
      return row && toRecord(row);
    },
    async byCredentialHash(hash) {
      const row = storeCall('reading agent', () => selectByCredential.get(hash)) as AgentRow | undefined;
      return row && toRecord(row);
    },
    async list() {
      const rows = storeCall('listing agents', () => selectAll.all()) as AgentRow[];
      return rows.map(toRecord);
    },
    async touch(id, lastSeenAt, host) {
      storeCall('updating agent', () => updateSeen.run(lastSeenAt, hostToJson(host ?? null), id));
    },
    async revoke(id, at) {
      const { changes } = storeCall('revoking agent', () => updateRevoked.run(at, id));
      return Number(changes) > 0;
    },
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
