export { type RetentionSizes, retentionSizes } from '@bosun/log-store-sql';
export { parseAuditMaxAge, parseAuditMaxRows } from './audit-config.ts';
export { hashPassword, needsRehash, scryptPasswordHasher, verifyPassword } from './auth/passwords.ts';
export {
  DEFAULT_LISTEN,
  defaultManagerDataDir,
  type ListenAddress,
  localBaseUrl,
  logSocketLimits,
  parseAgentImage,
  parseAllowedHosts,
  parseListen,
  parseMaxLogSockets,
  parseMemoryBudget,
  parseMetricsToken,
  parsePublicUrl,
  parseTrustedProxies,
} from './config.ts';
export { createApp } from './http/app.ts';
export { DEFAULT_SERVER_LIMITS, type ServerLimits } from './limits.ts';
export {
  DEFAULT_LOG_RETENTION,
  parseMaxRetainedStreams,
  parseRetain,
  parseRetentionAge,
  parseRetentionBytes,
} from './log-retention-config.ts';
export {
  openSqliteLogStore,
  type SqliteLogStore,
  type SqliteLogStoreOptions,
} from './log-store/sqlite-log-store.ts';
export type { Logger } from './logger.ts';
export {
  type Companion,
  type ListeningManager,
  type ManagerOptions,
  type RunningManager,
  type StartCompanion,
  startManager,
} from './manager.ts';
export { loadManagerKey, MANAGER_KEY_FILE } from './manager-key-file.ts';
export {
  DEFAULT_PROCESS_MEMORY_BUDGET_BYTES,
  limitHeapGrowth,
  logTrafficBudget,
  MIN_PROCESS_MEMORY_BUDGET_BYTES,
} from './process-memory.ts';
export { MIGRATIONS, type Migration, migrate } from './store/migrations.ts';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store/sqlite-store.ts';
export { readTlsFiles, type TlsFiles, type TlsMaterial } from './tls-files.ts';
export { MANAGER_VERSION } from './version.ts';
