import type { DatabaseSync } from 'node:sqlite';
import { ProtocolError } from '@bosun/protocol';
import { inTransaction } from './sqlite-transaction.ts';

/**
 * One step of the schema. Released migrations are never edited: a change to the
 * schema is a new entry with the next version, so every database walks the same path.
 */
export type Migration = {
  version: number;
  name: string;
  sql: string;
};

// Tables are STRICT so a wrong type is an error instead of silently stored text.
// Times are INTEGER milliseconds since the epoch, as in the store port.
const INITIAL_SCHEMA = `
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credential_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  revoked_at INTEGER,
  host TEXT CHECK (host IS NULL OR json_valid(host))
) STRICT;

-- used_by_agent has no foreign key: the token is consumed before the agent row exists.
CREATE TABLE join_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by_agent TEXT
) STRICT;

-- username_key is the lower-cased username, computed by the adapter so every
-- implementation of the port folds case the same way (COLLATE NOCASE folds ASCII only).
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  last_used_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- The rowid primary key already serves "newest first, before id X"; AUTOINCREMENT
-- keeps ids from being reused should old entries ever be pruned.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  detail TEXT
) STRICT;

-- No foreign key to agents: agents are revoked, never deleted, and a cursor for an
-- unknown agent is harmless, whereas a refused cursor batch would lose the others.
CREATE TABLE log_cursors (
  agent_id TEXT NOT NULL,
  container_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  count_at_ts INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (agent_id, container_id)
) STRICT, WITHOUT ROWID;
`;

// Each stream's position (newest timestamp, lines stamped exactly that), so a stream resumes
// exactly although Docker stores stdout and stderr out of order with each other. NULL in rows
// written before: those streams resume over both streams, as they did.
const LOG_CURSOR_STREAM_POSITIONS = `
ALTER TABLE log_cursors ADD COLUMN stdout_ts TEXT;
ALTER TABLE log_cursors ADD COLUMN stdout_count INTEGER CHECK (stdout_count >= 1);
ALTER TABLE log_cursors ADD COLUMN stderr_ts TEXT;
ALTER TABLE log_cursors ADD COLUMN stderr_count INTEGER CHECK (stderr_count >= 1);
`;

// Who acted by name as it was then (users are renamed or deleted later) and from which address;
// NULL in rows written before. The index on `at` serves time filters and pruning by age.
const AUDIT_ACTOR_NAME_AND_SOURCE = `
ALTER TABLE audit_log ADD COLUMN actor_name TEXT;
ALTER TABLE audit_log ADD COLUMN source TEXT;
CREATE INDEX audit_log_at ON audit_log (at);
`;

// A join token an admin withdrew before use. API tokens made before every token had an expiry
// get one: thirty days from the upgrade (a CLI login's lifetime), so a token in daily use is
// renewed by the CLI in time and a forgotten one stops working.
const TOKEN_LIFECYCLE = `
ALTER TABLE join_tokens ADD COLUMN revoked_at INTEGER;
UPDATE api_tokens SET expires_at = CAST(unixepoch('subsec') * 1000 AS INTEGER) + 30 * 86400000
  WHERE expires_at IS NULL;
`;

// Role `none` (sees only the hosts granted to it) needs a wider CHECK, and SQLite changes a
// CHECK only by rebuilding the table (the documented twelve steps; `migrate` turns foreign keys
// off around the steps, so dropping the old table does not cascade to sessions and tokens, and
// checks them all before committing). A grant goes with its user and with its agent.
const GRANTS = `
CREATE TABLE users_v5 (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer', 'none')),
  created_at INTEGER NOT NULL
) STRICT;
INSERT INTO users_v5 (id, username, username_key, password_hash, role, created_at)
  SELECT id, username, username_key, password_hash, role, created_at FROM users;
DROP TABLE users;
ALTER TABLE users_v5 RENAME TO users;

CREATE TABLE grants (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('operator', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, agent_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX grants_agent ON grants (agent_id);
`;

// An agent name is unique among agents not revoked, ignoring case, and never reads as an agent id
// (`agt_…`), so a name cannot stand in for another agent. Rows from before: an id-like name
// becomes `agt-…`, and of agents sharing a name the oldest keeps it while the others get their
// id appended (at most 43 + 1 + 20 characters).
const UNIQUE_AGENT_NAMES = `
UPDATE agents SET name = 'agt-' || substr(name, 5) WHERE lower(substr(name, 1, 4)) = 'agt_';
UPDATE agents SET name = substr(name, 1, 43) || '-' || id
WHERE revoked_at IS NULL AND EXISTS (
  SELECT 1 FROM agents AS older
  WHERE older.revoked_at IS NULL AND lower(older.name) = lower(agents.name)
    AND (older.created_at < agents.created_at OR (older.created_at = agents.created_at AND older.id < agents.id))
);
CREATE UNIQUE INDEX agents_live_name ON agents (lower(name)) WHERE revoked_at IS NULL;
`;

// Which containers held each identity (compose service or name) of an agent, numbered per
// identity. No foreign key to agents, as for log cursors: rows of a revoked agent are deleted by
// the hub, and a refused batch would lose the rest of a list.
const CONTAINER_GENERATIONS = `
CREATE TABLE container_generations (
  agent_id TEXT NOT NULL,
  container_id TEXT NOT NULL,
  identity_key TEXT NOT NULL,
  name TEXT NOT NULL,
  generation INTEGER NOT NULL CHECK (generation >= 1),
  created_at INTEGER NOT NULL,
  removed_at INTEGER,
  PRIMARY KEY (agent_id, container_id)
) STRICT;
CREATE UNIQUE INDEX container_generations_identity
  ON container_generations (agent_id, identity_key, generation);
CREATE INDEX container_generations_removed ON container_generations (agent_id, removed_at);
`;

const HOST_RETENTION = `
CREATE TABLE host_retention (
  agent_id TEXT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  policy TEXT NOT NULL CHECK (policy IN ('all', 'labelled', 'none')),
  updated_at INTEGER NOT NULL
) STRICT;
`;

/**
 * Every schema step, oldest first; a new step is appended, never an old one changed, since
 * databases already past it will not run it again.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: INITIAL_SCHEMA },
  { version: 2, name: 'log cursor positions per stream', sql: LOG_CURSOR_STREAM_POSITIONS },
  { version: 3, name: 'audit actor name and source', sql: AUDIT_ACTOR_NAME_AND_SOURCE },
  { version: 4, name: 'token lifecycle', sql: TOKEN_LIFECYCLE },
  { version: 5, name: 'role none and grants per host', sql: GRANTS },
  { version: 6, name: 'unique agent names', sql: UNIQUE_AGENT_NAMES },
  { version: 7, name: 'container generations', sql: CONTAINER_GENERATIONS },
  { version: 8, name: 'retention policy per host', sql: HOST_RETENTION },
];

/** Which schema version `migrate` found and left. */
export type MigrationResult = {
  /** Schema version found when opening (0 for a new database). */
  from: number;
  /** Schema version after migrating. */
  to: number;
};

/**
 * Brings the database up to the newest migration, all pending steps in one
 * transaction: a failed step leaves the database as it was. BEGIN IMMEDIATE takes
 * the write lock before reading the version, so two processes opening one file
 * at once cannot both apply the same step.
 *
 * Foreign keys are off while the steps run (SQLite ignores the pragma inside a transaction, so
 * it is set around it): a step may rebuild a table that others refer to without the drop
 * cascading. Every reference is checked before the commit, and a dangling one fails the whole.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly Migration[] = MIGRATIONS,
  now: () => number = Date.now,
): MigrationResult {
  const latest = checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const foreignKeys = Number(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys ?? 0) === 1;
  db.exec('PRAGMA foreign_keys = OFF');
  try {
    return inTransaction(db, () => migrateSteps(db, migrations, latest, now));
  } finally {
    if (foreignKeys) db.exec('PRAGMA foreign_keys = ON');
  }
}

function migrateSteps(
  db: DatabaseSync,
  migrations: readonly Migration[],
  latest: number,
  now: () => number,
): MigrationResult {
  const row = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get();
  const from = Number(row?.version ?? 0);
  if (from > latest) {
    throw new ProtocolError(
      'internal',
      `database schema version ${from} is newer than this version of bosun supports (${latest}); ` +
        'run a newer bosun, or restore a backup taken before the upgrade',
    );
  }
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of migrations) {
    if (migration.version <= from) continue;
    try {
      db.exec(migration.sql);
    } catch (err) {
      throw new ProtocolError(
        'internal',
        `database migration ${migration.version} (${migration.name}) failed; nothing was changed`,
        { cause: err },
      );
    }
    record.run(migration.version, migration.name, now());
  }
  const dangling = db.prepare('PRAGMA foreign_key_check').all();
  if (dangling.length > 0) {
    throw new ProtocolError(
      'internal',
      `database migration left ${dangling.length} dangling references; nothing was changed`,
    );
  }
  return { from, to: latest };
}

/** The newest version in the list; refuses versions that are not strictly increasing positive integers. */
function checkOrder(migrations: readonly Migration[]): number {
  let previous = 0;
  for (const { version } of migrations) {
    if (!Number.isInteger(version) || version <= previous) {
      throw new ProtocolError('internal', `migration versions must increase: ${version} after ${previous}`);
    }
    previous = version;
  }
  return previous;
}
