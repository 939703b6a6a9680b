export { type Authenticated, Authenticator, type Credentials } from './auth/authenticator.ts';
export { hashPassword, verifyPassword } from './auth/passwords.ts';
export { RateLimiter } from './auth/rate-limiter.ts';
export { Sessions } from './auth/sessions.ts';
export { API_TOKEN_PREFIX, hashToken, isApiToken, newApiToken, newSessionToken } from './auth/tokens.ts';
export {
  DEFAULT_LISTEN,
  defaultManagerDataDir,
  type ListenAddress,
  localBaseUrl,
  parseListen,
  parsePublicUrl,
} from './config.ts';
export { createApp } from './http/app.ts';
export type { AppEnv, ServerDeps } from './http/app-env.ts';
export { SESSION_COOKIE } from './http/cookies.ts';
export { statusFor, toHttpError } from './http/http-errors.ts';
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
