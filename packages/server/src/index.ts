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
export { openSqliteStore } from './store/sqlite-store.ts';
