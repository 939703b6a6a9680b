export { hashPassword, needsRehash, scryptPasswordHasher, verifyPassword } from './auth/passwords.ts';
export {
  DEFAULT_LISTEN,
  defaultManagerDataDir,
  type ListenAddress,
  localBaseUrl,
  parseListen,
  parsePublicUrl,
} from './config.ts';
export { createApp } from './http/app.ts';
export { DEFAULT_SERVER_LIMITS, type ServerLimits } from './limits.ts';
export type { LocalAgent, LocalAgentOptions } from './local-agent.ts';
export type { Logger } from './logger.ts';
export { type ManagerOptions, type RunningManager, startManager } from './manager.ts';
export type { ServerDeps } from './server-deps.ts';
export { openSqliteStore } from './store/sqlite-store.ts';
