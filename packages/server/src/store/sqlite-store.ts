import type { Store } from '@bosun/hub';
import { sqliteAgentStore } from './sqlite-agents.ts';
import { sqliteApiTokenStore } from './sqlite-api-tokens.ts';
import { sqliteAuditStore } from './sqlite-audit.ts';
import { openDatabase } from './sqlite-database.ts';
import { sqliteJoinTokenStore } from './sqlite-join-tokens.ts';
import { sqliteLogCursorStore } from './sqlite-log-cursors.ts';
import { sqliteSessionStore } from './sqlite-sessions.ts';
import { sqliteUserStore } from './sqlite-users.ts';

/**
 * The manager's store on Node: one SQLite file (or `:memory:` for tests), opened
 * synchronously at startup. Calls run synchronously underneath; they are quick
 * (indexed lookups on a local file), and being synchronous is what makes each
 * call atomic with respect to the others.
 */
export function openSqliteStore(path: string): Store {
  const db = openDatabase(path);
  return {
    agents: sqliteAgentStore(db),
    joinTokens: sqliteJoinTokenStore(db),
    users: sqliteUserStore(db),
    sessions: sqliteSessionStore(db),
    apiTokens: sqliteApiTokenStore(db),
    audit: sqliteAuditStore(db),
    logCursors: sqliteLogCursorStore(db),
    async close() {
      if (!db.isOpen) return;
      try {
        // Lets SQLite refresh the statistics its planner uses, cheaply, as its docs advise.
        db.exec('PRAGMA optimize');
      } finally {
        db.close();
      }
    },
  };
}
