import type { GrantRole, HostFacts, PositionsByStream, Role } from '@bosun/protocol';
import type { RetentionPolicy } from '../retention/retention-policy.ts';

/**
 * What the manager keeps across restarts. Every method is async so the same
 * port fits SQLite on Node (synchronous underneath) and D1 on Workers.
 * Secrets are never stored: only SHA-256 hashes of random tokens, and
 * scrypt/argon2 hashes of passwords (computed by the adapter).
 * Times are milliseconds since the epoch.
 */

/** An agent that joined; `credentialHash` is SHA-256 of its credential, which is never stored. */
export type AgentRecord = {
  id: string;
  name: string;
  credentialHash: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
  host: HostFacts | null;
};

/** A one-time join token, by hash; used at most once before it expires or is revoked. */
export type JoinTokenRecord = {
  id: string;
  tokenHash: string;
  /** Name the joining agent will get, whatever it proposes (made unique among agents). */
  name: string | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedByAgent: string | null;
  /** When an admin withdrew it unused; a revoked token is never consumed. */
  revokedAt: number | null;
};

/** A user; `passwordHash` is the adapter's slow hash (scrypt on Node). */
export type UserRecord = {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  createdAt: number;
};

/** A browser login, by the hash of its cookie. */
export type SessionRecord = {
  /** SHA-256 of the cookie value. */
  idHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
  lastUsedAt: number;
};

/**
 * A user's API token (`bsn_…`), by hash. `expiresAt` null never expires: the API gives every
 * token it creates an expiry, and the SQLite migration gave one to tokens made before it did.
 */
export type ApiTokenRecord = {
  id: string;
  userId: string;
  name: string;
  tokenHash: string;
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

/** One audit row; `detail` is the JSON of what the hub added to it, or null. */
export type AuditRecord = {
  id: number;
  at: number;
  /** `user:<id>`, `agent:<id>`, `system`, or `anonymous` (a failed login). */
  actor: string;
  /**
   * The actor's name when the row was written (a user's username, an agent's name), or the
   * username a failed login attempted; null when there is none or in rows stored before it was.
   */
  actorName: string | null;
  action: string;
  target: string;
  outcome: 'ok' | 'denied' | 'error';
  detail: string | null;
  /** The client's address, as the API saw it; null for the manager's own actions and older rows. */
  source: string | null;
};

/**
 * Which audit rows to list: newest first, at most `limit`, each filter narrowing (all of them
 * together). Times are inclusive milliseconds since the epoch.
 */
export type AuditListQuery = {
  limit: number;
  /** Only rows with a smaller id: the oldest id of the previous page. */
  beforeId?: number;
  since?: number;
  until?: number;
  /** A user by name (ignoring case, as usernames are unique) or an actor column value (`user:<id>`, `system`). */
  actor?: string;
  /** Rows whose action starts with this (`container.` matches every container action). */
  actionPrefix?: string;
  target?: string;
  outcome?: AuditRecord['outcome'];
  source?: string;
};

/** How far the audit log may grow: rows older than `before` go, then all but the newest `keepRows`. */
export type AuditPruneBounds = { before: number; keepRows: number };

/**
 * Where a container's log stream stood: the last line the manager holds (protocol's
 * `ResumeCursor`). `streams`, the position per stream, holds at least one position when present;
 * it is absent in records stored before it existed, and such a stream resumes over both streams
 * as before.
 */
export type LogCursorRecord = {
  agentId: string;
  containerId: string;
  seq: number;
  ts: string;
  countAtTs: number;
  streams?: PositionsByStream;
  updatedAt: number;
};

/**
 * Agents; `touch` records when one was last seen and replaces its host facts when given. A revoked
 * agent stays readable. Names are unique among agents not revoked, ignoring case: `create` refuses
 * a name another such agent holds, and a revoked agent's name is free again.
 */
export interface AgentStore {
  create(record: AgentRecord): Promise<void>;
  byId(id: string): Promise<AgentRecord | undefined>;
  /** The agent not revoked that holds exactly this name, if any. */
  byName(name: string): Promise<AgentRecord | undefined>;
  byCredentialHash(hash: string): Promise<AgentRecord | undefined>;
  list(): Promise<AgentRecord[]>;
  touch(id: string, lastSeenAt: number, host?: HostFacts): Promise<void>;
  revoke(id: string, at: number): Promise<boolean>;
}

/** Join tokens, by hash. */
export interface JoinTokenStore {
  create(record: JoinTokenRecord): Promise<void>;
  /**
   * Marks an unused, unexpired token used by `agentId` and returns it; returns
   * undefined when the token is unknown, used, revoked or expired. Atomic: of two
   * concurrent calls with one token, one wins.
   */
  consume(tokenHash: string, now: number, agentId: string): Promise<JoinTokenRecord | undefined>;
  list(): Promise<JoinTokenRecord[]>;
  /**
   * Withdraws an unused, unrevoked token; true only for the call that revoked it. A used token
   * has done its work and keeps its record of which agent it joined, so it is not revoked.
   */
  revoke(id: string, at: number): Promise<boolean>;
  delete(id: string): Promise<boolean>;
}

/**
 * Users, with usernames unique ignoring case. Deleting one deletes its sessions, API tokens and grants;
 * `update` and `delete` answer false for an unknown id.
 */
export interface UserStore {
  create(record: UserRecord): Promise<void>;
  byId(id: string): Promise<UserRecord | undefined>;
  byUsername(username: string): Promise<UserRecord | undefined>;
  list(): Promise<UserRecord[]>;
  update(id: string, patch: Partial<Pick<UserRecord, 'passwordHash' | 'role'>>): Promise<boolean>;
  delete(id: string): Promise<boolean>;
  count(): Promise<number>;
}

/** A user's role on one agent, beyond its global role; one per (user, agent). */
export type GrantRecord = {
  userId: string;
  agentId: string;
  role: GrantRole;
  createdAt: number;
};

/**
 * Grants of single hosts to users. Deleting the user deletes its grants, and so does revoking
 * the agent (the hub calls `deleteForAgent`): a grant never outlives either.
 */
export interface GrantStore {
  /** Sets the user's role on the agent, replacing a grant already there (its `createdAt` is kept). */
  put(record: GrantRecord): Promise<void>;
  /** False when the user had no grant on that agent. */
  delete(userId: string, agentId: string): Promise<boolean>;
  /** One user's grants, oldest first, ties by agent id. */
  listForUser(userId: string): Promise<GrantRecord[]>;
  /** Every grant, oldest first, ties by user id then agent id. */
  list(): Promise<GrantRecord[]>;
  /** Deletes every grant on the agent; returns how many there were. */
  deleteForAgent(agentId: string): Promise<number>;
}

/** Browser sessions, by cookie hash. */
export interface SessionStore {
  create(record: SessionRecord): Promise<void>;
  byIdHash(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastUsedAt: number, expiresAt: number): Promise<void>;
  delete(idHash: string): Promise<void>;
  /**
   * Ends every session of a user but the one hashed `exceptIdHash`, when given: a password
   * change ends the user's other sessions in one step, never leaving the one that made it absent.
   */
  deleteForUser(userId: string, exceptIdHash?: string): Promise<void>;
  deleteExpired(now: number): Promise<number>;
}

/** API tokens, by hash; a revoked token stays readable (and is refused by its `revokedAt`). */
export interface ApiTokenStore {
  create(record: ApiTokenRecord): Promise<void>;
  byHash(tokenHash: string): Promise<ApiTokenRecord | undefined>;
  byId(id: string): Promise<ApiTokenRecord | undefined>;
  listForUser(userId: string): Promise<ApiTokenRecord[]>;
  /** Every user's tokens, oldest first: for admins. */
  list(): Promise<ApiTokenRecord[]>;
  revoke(id: string, at: number): Promise<boolean>;
  /**
   * Revokes every unrevoked token of a user but `exceptId`, when given (a password change ends
   * them, except the token that made it); answers how many. Revoked tokens keep their first time.
   */
  revokeForUser(userId: string, at: number, exceptId?: string): Promise<number>;
  touch(id: string, lastUsedAt: number): Promise<void>;
}

/** The append-only audit log; only `prune` removes rows, the oldest first. */
export interface AuditStore {
  append(record: Omit<AuditRecord, 'id'>): Promise<void>;
  /** Newest first; nothing for a limit of 0 or less. */
  list(query: AuditListQuery): Promise<AuditRecord[]>;
  /** Deletes the rows past the bounds, in one step; answers how many went. */
  prune(bounds: AuditPruneBounds): Promise<number>;
}

/** Log cursors, at most one per (agent, container), so a restarted manager resumes streams. */
export interface LogCursorStore {
  get(agentId: string, containerId: string): Promise<LogCursorRecord | undefined>;
  /** Upserts many at once: cursors are written in debounced batches. */
  put(records: readonly LogCursorRecord[]): Promise<void>;
  deleteForContainer(agentId: string, containerId: string): Promise<void>;
}

/**
 * One container that held an identity on an agent (protocol's `containerIdentity`): the
 * identity's `generation`-th, numbered from 1 in the order the manager first saw them. Times are
 * milliseconds: `createdAt` as Docker says, `removedAt` when the manager learned of the removal
 * (a destroy event, or a list without it), null while the container exists.
 */
export type ContainerGenerationRecord = {
  agentId: string;
  identityKey: string;
  containerId: string;
  name: string;
  generation: number;
  createdAt: number;
  removedAt: number | null;
};

/** A container as a list or an event shows it, for `ContainerGenerationStore.seen`. */
export type SeenContainer = Pick<
  ContainerGenerationRecord,
  'identityKey' | 'containerId' | 'name' | 'createdAt'
>;

/**
 * Which containers held each identity, so a timeline goes on across recreations. At most
 * `MAX_GENERATIONS_PER_IDENTITY` rows per identity and `MAX_GENERATIONS_PER_AGENT` per agent:
 * past either, the oldest removed rows go first (a live container's row is never dropped).
 */
export interface ContainerGenerationStore {
  /**
   * Records containers that exist: a new one becomes its identity's next generation (several new
   * ones in the order of their `createdAt`); a known one whose identity changed (a renamed
   * container known by name) becomes the next generation of its new identity. A removed row seen
   * again (the same id) is live again.
   */
  seen(agentId: string, containers: readonly SeenContainer[]): Promise<void>;
  /** Marks these containers removed at `at`; rows already removed keep their time. */
  removed(agentId: string, containerIds: readonly string[], at: number): Promise<void>;
  /** A full list: `seen` for its containers, and every other live row of the agent removed at `at`. */
  listed(agentId: string, containers: readonly SeenContainer[], at: number): Promise<void>;
  /** One identity's generations, oldest first. */
  forIdentity(agentId: string, identityKey: string): Promise<ContainerGenerationRecord[]>;
  /** The row of a container by full id, or by an id prefix only one row has. */
  byContainer(agentId: string, idOrPrefix: string): Promise<ContainerGenerationRecord | undefined>;
  /** Deletes every row of the agent (revoked); answers how many there were. */
  deleteForAgent(agentId: string): Promise<number>;
}

/** Generations kept per identity (see `ContainerGenerationStore`). */
export const MAX_GENERATIONS_PER_IDENTITY = 100;
/** Generation rows kept per agent (see `ContainerGenerationStore`). */
export const MAX_GENERATIONS_PER_AGENT = 10_000;

/** A host's own retention policy, overriding the manager's (`HubOptions.retain`). */
export type HostRetentionRecord = { agentId: string; policy: RetentionPolicy; updatedAt: number };

/** Per-host retention policies; a host without a record follows the manager's policy. */
export interface HostRetentionStore {
  list(): Promise<HostRetentionRecord[]>;
  /** Sets or replaces the host's policy. */
  set(record: HostRetentionRecord): Promise<void>;
  /** Removes the host's policy; false when it had none. */
  delete(agentId: string): Promise<boolean>;
}

/** Every store of the manager; the contract suite in `testing/store-contract.ts` checks an implementation. */
export interface Store {
  agents: AgentStore;
  joinTokens: JoinTokenStore;
  users: UserStore;
  grants: GrantStore;
  sessions: SessionStore;
  apiTokens: ApiTokenStore;
  audit: AuditStore;
  logCursors: LogCursorStore;
  containerGenerations: ContainerGenerationStore;
  hostRetention: HostRetentionStore;
  close(): Promise<void>;
}
