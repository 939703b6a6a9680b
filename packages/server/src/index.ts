export { hashPassword, needsRehash, scryptPasswordHasher, verifyPassword } from './auth/passwords.ts';
export {
  DEFAULT_LISTEN,
  defaultManagerDataDir,
  type ListenAddress,
  localBaseUrl,
  logSocketLimits,
  MIN_MEMORY_BUDGET_BYTES,
  parseListen,
  parseMaxLogSockets,
  parseMemoryBudget,
  parseMetricsToken,
  parsePublicUrl,
} from './config.ts';
export { createApp } from './http/app.ts';
export { DEFAULT_SERVER_LIMITS, type ServerLimits } from './limits.ts';
export type { Logger } from './logger.ts';
export {
  type Companion,
  type ListeningManager,
  type ManagerOptions,
  type RunningManager,
  type StartCompanion,
  startManager,
} from './manager.ts';
export { openSqliteStore, type SqliteStore, type SqliteStoreOptions } from './store/sqlite-store.ts';
export { MANAGER_VERSION } from './version.ts';
