// The views are protocol's; re-exported so the hub's API reads whole.
export type { AgentView, ContainerView, DockerStatus, FleetEvent } from '@bosun/protocol';
// Roles are protocol's (the API shows them); a user record and a principal carry one.
export { GRANT_ROLES, type GrantRole, ROLES, type Role, roleAtLeast } from '@bosun/protocol';
export type { AgentRequestSubject } from './agents/request-timeouts.ts';
export {
  type AuditBounds,
  type BoundedAuditOptions,
  BoundedAuditStore,
  DEFAULT_AUDIT_BOUNDS,
  withAuditBounds,
} from './audit/bounded-audit-store.ts';
export { DEFAULT_REFUSAL_LIMITS, type RefusalLimits } from './audit/refusal-limiter.ts';
export type {
  ContainerAction,
  ContainerActionOptions,
  ContainerActionResult,
} from './fleet/container-actions.ts';
export type { AgentRef, ResolveMode } from './fleet/container-resolver.ts';
export type { FleetListener } from './fleet/fleet-state.ts';
export type { CreatedJoinToken, JoinTokenRequest } from './fleet/join-tokens.ts';
export { MIN_ID_PREFIX } from './fleet/resolve-container.ts';
export { Hub, type HubInit } from './hub.ts';
export { DEFAULT_HUB_OPTIONS, type HubOptions } from './hub-options.ts';
export { LogAppendQueue, type QueuedBatch } from './log-store/log-append-queue.ts';
export { lineInBounds, markerInPage, orderPage } from './log-store/read-window.ts';
export { admitEntries, markerPosition } from './log-store/stream-admission.ts';
export { selectsStream } from './log-store/stream-selection.ts';
export type { HubLogger } from './logger.ts';
export type { LogRead, ReadLogsEntries, ReadLogsOptions } from './logs/log-reads.ts';
export { createManagerKeyPkcs8, importManagerKey } from './manager-key.ts';
export type { MemoryKind, MemoryReport, ShedCounts } from './memory/memory-budget.ts';
export { MIN_SOCKET_ALLOWANCE_BYTES } from './memory/socket-allowance.ts';
export { type Clock, systemClock, type TimerHandle } from './ports/clock.ts';
export type { Connection, ConnectionHandler } from './ports/connection.ts';
export * from './ports/log-store.ts';
export type { ManagerKey } from './ports/manager-key.ts';
export * from './ports/store.ts';
export {
  auditActorOf,
  canOperateOn,
  canOperateSomewhere,
  canSee,
  canSeeEvent,
  type Grant,
  type Principal,
  roleOn,
  seesEveryHost,
} from './principal.ts';
export type { AgentMemo, ConnectionMemo, SubscriptionMemo, ViewerMemo } from './restore/connection-memo.ts';
export type { LogIngestStats } from './retention/log-ingest.ts';
export {
  isRetained,
  parseRetentionPolicy,
  RETAIN_LABEL,
  RETENTION_POLICIES,
  type RetentionPolicy,
  retentionPolicySetting,
} from './retention/retention-policy.ts';
export { newId, randomToken, sha256Hex } from './secrets.ts';
export type { AgentRequestStats, GapCount, HubCounterSnapshot } from './stats/hub-counters.ts';
export type { HubGauges, HubStats } from './stats/hub-stats.ts';
export { type HistogramSnapshot, LATENCY_BUCKETS_MS, LatencyHistogram } from './stats/latency-histogram.ts';
