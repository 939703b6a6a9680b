import type { Store } from '@bosun/hub';
import { d1AgentStore } from './d1-agents.ts';
import { d1ApiTokenStore } from './d1-api-tokens.ts';
import { d1AuditStore } from './d1-audit.ts';
import { D1Calls } from './d1-calls.ts';
import { d1ContainerGenerationStore } from './d1-container-generations.ts';
import { d1GrantStore } from './d1-grants.ts';
import { D1StoreHealth } from './d1-health.ts';
import { d1HostRetentionStore } from './d1-host-retention.ts';
import { d1JoinTokenStore } from './d1-join-tokens.ts';
import type { D1Like } from './d1-like.ts';
import { d1LogCursorStore } from './d1-log-cursors.ts';
import { d1SessionStore } from './d1-sessions.ts';
import { d1UserStore } from './d1-users.ts';

/** The D1 store and its health, which `/healthz` reports. */
export type D1Store = Store & { health: D1StoreHealth };

/**
 * The manager's store on Cloudflare D1, with the semantics of the SQLite store on Node (the hub's
 * store contract checks both). The schema must be in place: `applyD1Migrations` first. Where the
 * SQLite store wraps reads and writes in a transaction, this one uses a single conditional
 * statement or one batch, as D1 has no interactive transactions. `close` only refuses later
 * calls: the binding belongs to the Worker.
 */
export function openD1Store(db: D1Like, now: () => number = Date.now): D1Store {
  const health = new D1StoreHealth(now);
  const calls = new D1Calls(db, health);
  return {
    agents: d1AgentStore(calls),
    joinTokens: d1JoinTokenStore(calls),
    users: d1UserStore(calls),
    grants: d1GrantStore(calls),
    sessions: d1SessionStore(calls),
    apiTokens: d1ApiTokenStore(calls),
    audit: d1AuditStore(calls),
    logCursors: d1LogCursorStore(calls),
    containerGenerations: d1ContainerGenerationStore(calls),
    hostRetention: d1HostRetentionStore(calls),
    health,
    async close() {
      calls.close();
    },
  };
}
