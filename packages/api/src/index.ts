export { createApiDeps } from './api-deps.ts';
export { type ApiRoutesOptions, createApiRoutes } from './api-routes.ts';
export type { Authenticated, Authenticator, CredentialKey, Credentials } from './auth/authenticator.ts';
export type { CredentialChanges } from './auth/credential-changes.ts';
export type { Sessions } from './auth/sessions.ts';
export { isStoreUnavailable } from './auth/store-unavailable.ts';
export { ensureFirstAdmin, FIRST_ADMIN, type FirstAdminResult, firstStartBox } from './first-admin.ts';
export {
  type AllowedHosts,
  allowedHostPolicy,
  hostRefused,
  isAllowedHost,
  parseAllowedHost,
} from './http/allowed-hosts.ts';
export { type ApiDeps, type ApiParts, type AppContext, type AppEnv, requestFacts } from './http/app-env.ts';
export { resolveClientAddress } from './http/client-address.ts';
export { SESSION_COOKIE } from './http/cookies.ts';
export { type HttpError, statusFor, toHttpError } from './http/http-errors.ts';
export { parseImageReference } from './http/image-reference.ts';
export { type Cidr, clientBucket, parseCidr } from './http/ip-address.ts';
export type { OpenStreams } from './http/open-streams.ts';
export { isSameOrigin, type RequestFacts, requestOrigin } from './http/origin.ts';
export { publicBase } from './http/public-base.ts';
export { shellWord } from './http/shell-word.ts';
export { type ApiLimits, DEFAULT_API_LIMITS } from './limits.ts';
export { HttpMetrics, type HttpRequestStats } from './metrics/http-metrics.ts';
export { type MetricsInput, managerMetricFamilies } from './metrics/manager-metrics.ts';
export {
  formatValue,
  type HistogramSample,
  type MetricFamily,
  type MetricLabels,
  PROMETHEUS_CONTENT_TYPE,
  renderPrometheusText,
  type ValueSample,
} from './metrics/prometheus-text.ts';
export type { AgentImageSource } from './ports/agent-image.ts';
export type { ClientConnection, ConnectionOf } from './ports/client-connection.ts';
export type { LogFields, Logger } from './ports/logger.ts';
export { MAX_PASSWORD_BYTES, type PasswordHasher } from './ports/password-hasher.ts';
export type { EventLoopDelay, ProcessSample, RuntimeStats } from './ports/runtime-stats.ts';
export type { StaticAssets } from './ports/static-assets.ts';
export type { StoreHealth, StoreHealthState } from './ports/store-health.ts';
export { AGENT_CONTAINER, type JoinCommandInput, joinCommands } from './routes/join-commands.ts';
export { createMetricsApp } from './routes/metrics.ts';
