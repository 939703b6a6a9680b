import { ProtocolError } from '@bosun/protocol';
import type {
  AgentRecord,
  AgentStore,
  ApiTokenRecord,
  ApiTokenStore,
  AuditListQuery,
  AuditPruneBounds,
  AuditRecord,
  AuditStore,
  GrantRecord,
  GrantStore,
  JoinTokenRecord,
  JoinTokenStore,
  LogCursorRecord,
  LogCursorStore,
  SessionRecord,
  SessionStore,
  Store,
  UserRecord,
  UserStore,
} from '../ports/store.ts';
import { MemoryContainerGenerations } from './memory-container-generations.ts';
import { MemoryHostRetention } from './memory-host-retention.ts';

// Copies in and out, like a real database: a caller mutating a record it passed in or got back
// must not change what is stored.
const copy = <T>(value: T): T => structuredClone(value);

const conflict = (what: string) => new ProtocolError('conflict', `${what} already exists`);

// Lists are oldest first, ties by id, as the store contract fixes.
function oldestFirst<T extends { createdAt: number; id: string }>(rows: Iterable<T>): T[] {
  return copy(
    [...rows].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
}

function find<T>(rows: Map<string, T>, match: (row: T) => boolean): T | undefined {
  for (const row of rows.values()) if (match(row)) return row;
  return undefined;
}

class MemoryAgents implements AgentStore {
  readonly rows = new Map<string, AgentRecord>();
  async create(record: AgentRecord) {
    if (this.rows.has(record.id)) throw conflict(`agent ${record.id}`);
    if (find(this.rows, (a) => a.credentialHash === record.credentialHash)) throw conflict('credential');
    const key = record.name.toLowerCase();
    if (
      record.revokedAt === null &&
      find(this.rows, (a) => a.revokedAt === null && a.name.toLowerCase() === key)
    ) {
      throw conflict(`agent name ${record.name}`);
    }
    this.rows.set(record.id, copy(record));
  }
  async byId(id: string) {
    return copy(this.rows.get(id));
  }
  async byName(name: string) {
    return copy(find(this.rows, (a) => a.revokedAt === null && a.name === name));
  }
  async byCredentialHash(hash: string) {
    return copy(find(this.rows, (a) => a.credentialHash === hash));
  }
  async list() {
    return oldestFirst(this.rows.values());
  }
  async touch(id: string, lastSeenAt: number, host?: AgentRecord['host']) {
    const row = this.rows.get(id);
    if (!row) return;
    row.lastSeenAt = lastSeenAt;
    if (host) row.host = copy(host);
  }
  async revoke(id: string, at: number) {
    const row = this.rows.get(id);
    if (!row || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }
}

class MemoryJoinTokens implements JoinTokenStore {
  readonly rows = new Map<string, JoinTokenRecord>();
  async create(record: JoinTokenRecord) {
    if (this.rows.has(record.id)) throw conflict(`join token ${record.id}`);
    if (find(this.rows, (t) => t.tokenHash === record.tokenHash)) throw conflict('join token');
    this.rows.set(record.id, copy(record));
  }
  // No await between the check and the update: of two concurrent calls, one wins.
  async consume(tokenHash: string, now: number, agentId: string) {
    const row = find(this.rows, (t) => t.tokenHash === tokenHash);
    if (!row || row.usedAt !== null || row.revokedAt !== null || now >= row.expiresAt) return undefined;
    row.usedAt = now;
    row.usedByAgent = agentId;
    return copy(row);
  }
  async list() {
    return oldestFirst(this.rows.values());
  }
  async revoke(id: string, at: number) {
    const row = this.rows.get(id);
    if (!row || row.usedAt !== null || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }
  async delete(id: string) {
    return this.rows.delete(id);
  }
}

class MemorySessions implements SessionStore {
  readonly rows = new Map<string, SessionRecord>();
  async create(record: SessionRecord) {
    if (this.rows.has(record.idHash)) throw conflict('session');
    this.rows.set(record.idHash, copy(record));
  }
  async byIdHash(idHash: string) {
    return copy(this.rows.get(idHash));
  }
  async touch(idHash: string, lastUsedAt: number, expiresAt: number) {
    const row = this.rows.get(idHash);
    if (row) Object.assign(row, { lastUsedAt, expiresAt });
  }
  async delete(idHash: string) {
    this.rows.delete(idHash);
  }
  async deleteForUser(userId: string, exceptIdHash?: string) {
    for (const [key, row] of this.rows) {
      if (row.userId === userId && key !== exceptIdHash) this.rows.delete(key);
    }
  }
  async deleteExpired(now: number) {
    let deleted = 0;
    for (const [key, row] of this.rows) {
      if (row.expiresAt <= now) {
        this.rows.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
}

class MemoryApiTokens implements ApiTokenStore {
  readonly rows = new Map<string, ApiTokenRecord>();
  async create(record: ApiTokenRecord) {
    if (this.rows.has(record.id)) throw conflict(`API token ${record.id}`);
    if (find(this.rows, (t) => t.tokenHash === record.tokenHash)) throw conflict('API token');
    this.rows.set(record.id, copy(record));
  }
  async byHash(tokenHash: string) {
    return copy(find(this.rows, (t) => t.tokenHash === tokenHash));
  }
  async byId(id: string) {
    return copy(this.rows.get(id));
  }
  async listForUser(userId: string) {
    return oldestFirst([...this.rows.values()].filter((t) => t.userId === userId));
  }
  async list() {
    return oldestFirst(this.rows.values());
  }
  async revoke(id: string, at: number) {
    const row = this.rows.get(id);
    if (!row || row.revokedAt !== null) return false;
    row.revokedAt = at;
    return true;
  }
  async revokeForUser(userId: string, at: number, exceptId?: string) {
    let revoked = 0;
    for (const row of this.rows.values()) {
      if (row.userId !== userId || row.revokedAt !== null || row.id === exceptId) continue;
      row.revokedAt = at;
      revoked++;
    }
    return revoked;
  }
  async touch(id: string, lastUsedAt: number) {
    const row = this.rows.get(id);
    if (row) row.lastUsedAt = lastUsedAt;
  }
  deleteForUser(userId: string): void {
    for (const [key, row] of this.rows) if (row.userId === userId) this.rows.delete(key);
  }
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

// Oldest first, ties by user id then agent id, as the store contract fixes.
const grantOrder = (a: GrantRecord, b: GrantRecord) =>
  a.createdAt - b.createdAt || compareText(a.userId, b.userId) || compareText(a.agentId, b.agentId);

class MemoryGrants implements GrantStore {
  readonly rows = new Map<string, GrantRecord>();
  async put(record: GrantRecord) {
    const key = `${record.userId}/${record.agentId}`;
    const known = this.rows.get(key);
    this.rows.set(key, { ...copy(record), createdAt: known?.createdAt ?? record.createdAt });
  }
  async delete(userId: string, agentId: string) {
    return this.rows.delete(`${userId}/${agentId}`);
  }
  async listForUser(userId: string) {
    return this.#sorted([...this.rows.values()].filter((g) => g.userId === userId));
  }
  async list() {
    return this.#sorted(this.rows.values());
  }
  async deleteForAgent(agentId: string) {
    let deleted = 0;
    for (const [key, row] of this.rows) {
      if (row.agentId === agentId) {
        this.rows.delete(key);
        deleted++;
      }
    }
    return deleted;
  }
  deleteForUser(userId: string): void {
    for (const [key, row] of this.rows) if (row.userId === userId) this.rows.delete(key);
  }
  #sorted(rows: Iterable<GrantRecord>): GrantRecord[] {
    return copy([...rows].sort(grantOrder));
  }
}

// Usernames are unique and found regardless of case; the stored spelling is kept.
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

class MemoryUsers implements UserStore {
  readonly rows = new Map<string, UserRecord>();
  readonly #sessions: MemorySessions;
  readonly #apiTokens: MemoryApiTokens;
  readonly #grants: MemoryGrants;

  constructor(sessions: MemorySessions, apiTokens: MemoryApiTokens, grants: MemoryGrants) {
    this.#sessions = sessions;
    this.#apiTokens = apiTokens;
    this.#grants = grants;
  }

  async create(record: UserRecord) {
    if (this.rows.has(record.id)) throw conflict(`user ${record.id}`);
    if (find(this.rows, (u) => sameName(u.username, record.username)))
      throw conflict(`user ${record.username}`);
    this.rows.set(record.id, copy(record));
  }
  async byId(id: string) {
    return copy(this.rows.get(id));
  }
  async byUsername(username: string) {
    return copy(find(this.rows, (u) => sameName(u.username, username)));
  }
  async list() {
    return oldestFirst(this.rows.values());
  }
  async update(id: string, patch: Partial<Pick<UserRecord, 'passwordHash' | 'role'>>) {
    const row = this.rows.get(id);
    if (!row) return false;
    if (patch.passwordHash !== undefined) row.passwordHash = patch.passwordHash;
    if (patch.role !== undefined) row.role = patch.role;
    return true;
  }
  async delete(id: string) {
    if (!this.rows.delete(id)) return false;
    await this.#sessions.deleteForUser(id);
    this.#apiTokens.deleteForUser(id);
    this.#grants.deleteForUser(id);
    return true;
  }
  async count() {
    return this.rows.size;
  }
}

class MemoryAudit implements AuditStore {
  rows: AuditRecord[] = [];
  #nextId = 1;
  async append(record: Omit<AuditRecord, 'id'>) {
    this.rows.push({ ...copy(record), id: this.#nextId++ });
  }
  async list(query: AuditListQuery) {
    if (query.limit <= 0) return [];
    const matching = this.rows.filter((r) => auditRowMatches(r, query));
    return copy(matching.reverse().slice(0, query.limit));
  }
  async prune({ before, keepRows }: AuditPruneBounds) {
    const young = this.rows.filter((r) => r.at >= before);
    const kept = young.slice(Math.max(0, young.length - Math.max(0, keepRows)));
    const removed = this.rows.length - kept.length;
    this.rows = kept;
    return removed;
  }
}

function auditRowMatches(r: AuditRecord, q: AuditListQuery): boolean {
  const actor = q.actor?.toLowerCase();
  return (
    (q.beforeId === undefined || r.id < q.beforeId) &&
    (q.since === undefined || r.at >= q.since) &&
    (q.until === undefined || r.at <= q.until) &&
    (actor === undefined || r.actor === q.actor || r.actorName?.toLowerCase() === actor) &&
    (q.actionPrefix === undefined || r.action.startsWith(q.actionPrefix)) &&
    (q.target === undefined || r.target === q.target) &&
    (q.outcome === undefined || r.outcome === q.outcome) &&
    (q.source === undefined || r.source === q.source)
  );
}

class MemoryLogCursors implements LogCursorStore {
  readonly rows = new Map<string, LogCursorRecord>();
  async get(agentId: string, containerId: string) {
    return copy(this.rows.get(`${agentId}/${containerId}`));
  }
  async put(records: readonly LogCursorRecord[]) {
    for (const record of records) this.rows.set(`${record.agentId}/${record.containerId}`, copy(record));
  }
  async deleteForContainer(agentId: string, containerId: string) {
    this.rows.delete(`${agentId}/${containerId}`);
  }
}

/**
 * The whole Store in memory, following the store contract (`store-contract.ts`): for hub
 * tests, and as the reference the other implementations are checked against.
 */
export class MemoryStore implements Store {
  readonly agents = new MemoryAgents();
  readonly joinTokens = new MemoryJoinTokens();
  readonly sessions = new MemorySessions();
  readonly apiTokens = new MemoryApiTokens();
  readonly grants = new MemoryGrants();
  readonly users = new MemoryUsers(this.sessions, this.apiTokens, this.grants);
  readonly audit = new MemoryAudit();
  readonly logCursors = new MemoryLogCursors();
  readonly containerGenerations = new MemoryContainerGenerations();
  readonly hostRetention = new MemoryHostRetention();
  closed = false;

  async close(): Promise<void> {
    this.closed = true;
  }
}
