export {
  AGENT_COLUMNS,
  AGENT_SQL,
  type AgentRow,
  agentFromRow,
  agentValues,
  hostToJson,
} from './agent-rows.ts';
export {
  API_TOKEN_COLUMNS,
  API_TOKEN_SQL,
  type ApiTokenRow,
  apiTokenFromRow,
  apiTokenValues,
} from './api-token-rows.ts';
export {
  AUDIT_COLUMNS,
  AUDIT_SQL,
  type AuditRow,
  auditFromRow,
  auditKeepRows,
  auditListStatement,
  auditValues,
} from './audit-rows.ts';
export {
  GENERATION_COLUMNS,
  GENERATION_SQL,
  type GenerationRow,
  generationFromRow,
} from './container-generation-rows.ts';
export { GRANT_COLUMNS, GRANT_SQL, type GrantRow, grantFromRow, grantValues } from './grant-rows.ts';
export { HOST_RETENTION_SQL, type HostRetentionRow, hostRetentionFromRows } from './host-retention-rows.ts';
export {
  JOIN_TOKEN_COLUMNS,
  JOIN_TOKEN_SQL,
  type JoinTokenRow,
  joinTokenFromRow,
  joinTokenValues,
} from './join-token-rows.ts';
export {
  LOG_CURSOR_COLUMNS,
  LOG_CURSOR_SQL,
  type LogCursorRow,
  logCursorFromRow,
  logCursorValues,
} from './log-cursor-rows.ts';
export {
  SESSION_COLUMNS,
  SESSION_SQL,
  type SessionRow,
  sessionFromRow,
  sessionValues,
} from './session-rows.ts';
export type { SqlValue } from './sql-value.ts';
export { type StoreFailureState, StoreFailures } from './store-failures.ts';
export { USER_COLUMNS, USER_SQL, type UserRow, userFromRow, usernameKey, userValues } from './user-rows.ts';
