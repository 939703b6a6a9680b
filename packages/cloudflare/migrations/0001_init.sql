-- The manager's store on D1: the same tables as the SQLite store's schema after all its
-- migrations. A change to the schema is a new numbered file, never an edit of this one, since
-- databases already past it will not run it again.
-- Tables are STRICT so a wrong type is an error instead of silently stored text. Times are
-- INTEGER milliseconds since the epoch, as in the store port. D1 enforces foreign keys.

-- An agent name is unique among agents not revoked, ignoring case.
CREATE TABLE agents (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  credential_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER,
  revoked_at INTEGER,
  host TEXT CHECK (host IS NULL OR json_valid(host))
) STRICT;
CREATE UNIQUE INDEX agents_live_name ON agents (lower(name)) WHERE revoked_at IS NULL;

-- used_by_agent has no foreign key: the token is consumed before the agent row exists.
CREATE TABLE join_tokens (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  name TEXT,
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  used_by_agent TEXT,
  revoked_at INTEGER
) STRICT;

-- username_key is the lower-cased username, computed by the store so every implementation of
-- the port folds case the same way (COLLATE NOCASE folds ASCII only).
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL,
  username_key TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer', 'none')),
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

-- The rowid primary key serves "newest first, before id X"; AUTOINCREMENT keeps ids from being
-- reused after pruning. The index on `at` serves time filters and pruning by age.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'denied', 'error')),
  detail TEXT,
  actor_name TEXT,
  source TEXT
) STRICT;
CREATE INDEX audit_log_at ON audit_log (at);

-- No foreign key to agents: a cursor for an unknown agent is harmless, whereas a refused cursor
-- batch would lose the others. Each stream's position is NULL for a stream without one.
CREATE TABLE log_cursors (
  agent_id TEXT NOT NULL,
  container_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  ts TEXT NOT NULL,
  count_at_ts INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  stdout_ts TEXT,
  stdout_count INTEGER CHECK (stdout_count >= 1),
  stderr_ts TEXT,
  stderr_count INTEGER CHECK (stderr_count >= 1),
  PRIMARY KEY (agent_id, container_id)
) STRICT, WITHOUT ROWID;

-- A grant goes with its user and with its agent.
CREATE TABLE grants (
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  agent_id TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('operator', 'viewer')),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (user_id, agent_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX grants_agent ON grants (agent_id);

-- No foreign key to agents, as for log cursors: rows of a revoked agent are deleted by the hub,
-- and a refused batch would lose the rest of a list.
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

CREATE TABLE host_retention (
  agent_id TEXT PRIMARY KEY REFERENCES agents (id) ON DELETE CASCADE,
  policy TEXT NOT NULL CHECK (policy IN ('all', 'labelled', 'none')),
  updated_at INTEGER NOT NULL
) STRICT;
