export {
  AGENT_SUBJECTS,
  agentHeartbeatSchema,
  agentHelloResultSchema,
  agentHelloSchema,
  containerActionSchema,
  containerInspectResultSchema,
  containerInspectSchema,
  containerListResultSchema,
  containerListSchema,
  logBatchPackedSchema,
  logBatchSchema,
  logReadBatchPackedSchema,
  logReadBatchSchema,
  logReadCancelSchema,
  logReadCreditSchema,
  logReadResultSchema,
  logReadSchema,
  logStreamErrorSchema,
  logStreamStartResultSchema,
  logStreamStartSchema,
  logStreamStopResultSchema,
  logStreamStopSchema,
} from './agent-subjects.ts';
export { compareVersions, isOlderVersion, isOutdatedAgent } from './agent-version.ts';
export { stripAnsiEscapes } from './ansi-escapes.ts';
export { Backoff, type BackoffOptions, type Jitter } from './backoff.ts';
export { base64urlToBytes, bytesToBase64url } from './base64url.ts';
export { CLOSE_CODES, type CloseCode, closeCodeFor, closeReason } from './close-codes.ts';
export { ConcurrencyGate } from './concurrency-gate.ts';
export {
  CONTAINER_EVENT_ACTIONS,
  CONTAINER_STATES,
  type ContainerDetails,
  type ContainerEvent,
  type ContainerEventAction,
  type ContainerHealth,
  type ContainerPort,
  type ContainerState,
  type ContainerSummary,
  containerActionResultSchema,
  containerDetailsSchema,
  containerEventActionSchema,
  containerEventSchema,
  containerStateSchema,
  containerSummarySchema,
  HEALTH_STATES,
  healthSchema,
  portSchema,
} from './container.ts';
export {
  COMPOSE_LABELS,
  type ContainerIdentity,
  containerIdentity,
  containerIdentitySchema,
  type IdentitySource,
  MAX_IDENTITY_KEY_LENGTH,
} from './container-identity.ts';
export { describeStatus, humanDuration, type StatusFacts } from './container-status.ts';
export {
  type DecodedResult,
  type DecodeFailure,
  type DecodeInput,
  type DecodeOptions,
  type DecodeResult,
  decode,
  decodeResult,
  validateFrame,
} from './decode.ts';
export { encode, encodeErrorReply, encodePush, encodeReply, encodeRequest } from './encode.ts';
export { AGENT_SOCKET_PATH, LOGS_SOCKET_PATH } from './endpoints.ts';
export {
  ENVELOPE_KEYS,
  type Envelope,
  INBOX_PREFIX,
  type Inbox,
  inboxSchema,
  isInbox,
  isReplyFrame,
  isSubjectName,
  newInbox,
  type ReplyData,
  type ReplyFrame,
  replyDataSchema,
  SUBJECT_PATTERN,
} from './envelope.ts';
export {
  ERROR_CODES,
  type ErrorCode,
  errorCodeSchema,
  isErrorCode,
  isFinalError,
  ProtocolError,
  toWireError,
  type WireError,
  wireErrorSchema,
} from './errors.ts';
export * from './examples.ts';
export {
  AGENT_NAME_PATTERN,
  AgentNameSchema,
  agentNameSchema,
  CONTAINER_ID_PATTERN,
  CONTAINER_REF_PATTERN,
  CredentialSchema,
  clientIdSchema,
  containerIdSchema,
  containerRefSchema,
  JoinTokenSchema,
  TOKEN_PATTERN,
  tokenSchema,
} from './fields.ts';
export { AGENT_BEAT_FRAME, MANAGER_BEAT_FRAME } from './fixed-beat.ts';
export { dockerStatusSchema, type HostFacts, hostFactsSchema } from './host.ts';
export {
  type UserListResponse,
  type UserResponse,
  type UserView,
  userListResponseSchema,
  userResponseSchema,
  userViewSchema,
} from './http/account-views.ts';
export {
  API_ROUTES,
  type ApiResponseSpec,
  type ApiRoute,
  type ApiRouteName,
  type HttpMethod,
  type ResponseKind,
  type RouteAccess,
} from './http/api-routes.ts';
export {
  AUDIT_OUTCOMES,
  type AuditEntryView,
  type AuditListResponse,
  type AuditOutcome,
  auditEntryViewSchema,
  auditListResponseSchema,
  auditOutcomeSchema,
} from './http/audit-views.ts';
export { byteSize, formatByteSize } from './http/byte-sizes.ts';
export { durationMs, formatDuration } from './http/durations.ts';
export { type ErrorBody, errorBodySchema } from './http/error-body.ts';
export { type FleetEvent, type FleetEventType, fleetEventSchema } from './http/fleet-events.ts';
export {
  type AgentListResponse,
  type AgentView,
  agentListResponseSchema,
  agentViewSchema,
  type ContainerActionResponse,
  type ContainerCounts,
  type ContainerDetailResponse,
  type ContainerListItem,
  type ContainerListResponse,
  type ContainerView,
  containerActionResponseSchema,
  containerCountsSchema,
  containerDetailResponseSchema,
  containerListItemSchema,
  containerListResponseSchema,
  containerViewSchema,
  type DockerStatus,
} from './http/fleet-views.ts';
export {
  type ContainerGenerationsResponse,
  type ContainerGenerationView,
  containerGenerationsResponseSchema,
  containerGenerationViewSchema,
  type GenerationsQuery,
  generationMarkerText,
  generationsQuerySchema,
} from './http/generation-views.ts';
export { type GrantView, grantViewSchema } from './http/grant-views.ts';
export {
  type HealthResponse,
  healthResponseSchema,
  type StoreHealthView,
  storeHealthViewSchema,
} from './http/health.ts';
export { type LogReadRecord, logReadRecordSchema } from './http/log-read-records.ts';
export {
  type ManagerStatus,
  managerStatusSchema,
  metricsTextSchema,
  storeStatusSchema,
} from './http/manager-status.ts';
export { buildOpenApiDocument } from './http/openapi.ts';
export { type OpenApiDocument, openApiDocumentSchema } from './http/openapi-document.ts';
export {
  agentParamsSchema,
  CONTAINER_ACTIONS,
  type ContainerActionName,
  containerActionNameSchema,
  containerActionParamsSchema,
  containerParamsSchema,
  grantParamsSchema,
  recordParamsSchema,
} from './http/path-params.ts';
export {
  type ApiTokenListQuery,
  type AuditFilterQuery,
  type AuditQuery,
  apiTokenListQuerySchema,
  auditFilterQuerySchema,
  auditQuerySchema,
  type ContainerListQuery,
  containerListQuerySchema,
  type LogReadQuery,
  logReadQuerySchema,
  MAX_AUDIT_PAGE,
} from './http/query-params.ts';
export {
  type ApiTokenCreateBody,
  apiTokenCreateBodySchema,
  type ContainerActionBody,
  containerActionBodySchema,
  type GrantSetBody,
  grantSetBodySchema,
  type JoinTokenCreateBody,
  joinTokenCreateBodySchema,
  type LoginBody,
  loginBodySchema,
  type PasswordChangeBody,
  passwordChangeBodySchema,
  type UserCreateBody,
  type UserPatchBody,
  userCreateBodySchema,
  userPatchBodySchema,
} from './http/request-bodies.ts';
export {
  agentRefSchema,
  apiTokenNameSchema,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_LENGTH,
  newPasswordSchema,
  passwordSchema,
  recordIdSchema,
  ttlSchema,
  usernameSchema,
} from './http/request-fields.ts';
export {
  type HostRetentionBody,
  type HostRetentionView,
  hostRetentionBodySchema,
  hostRetentionViewSchema,
  RETENTION_POLICIES,
  type RetentionStatus,
  retentionPolicySchema,
  retentionStatusSchema,
} from './http/retention-views.ts';
export {
  GRANT_ROLES,
  type GrantRole,
  grantRoleSchema,
  ROLES,
  type Role,
  roleAtLeast,
  roleOnHost,
  roleSchema,
} from './http/roles.ts';
export { SESSION_COOKIE } from './http/session-cookie.ts';
export {
  logLineFilterOfQuery,
  logLineFilterQueryShape,
  MAX_SEARCH_HITS,
  MAX_SEARCH_QUERY_LENGTH,
  MAX_SEARCH_TARGETS,
  MAX_STORED_LOG_CONTEXT,
  MAX_STORED_LOG_PAGE,
  MAX_UNINDEXED_SEARCH_RANGE_MS,
  type SearchQuery,
  type StoredLogsQuery,
  searchQuerySchema,
  searchUsesIndex,
  storedLogsQuerySchema,
} from './http/stored-log-queries.ts';
export {
  type SearchCount,
  type SearchHit,
  type SearchResponse,
  type StoredLogPage,
  type StoredStreamListResponse,
  type StoredStreamRef,
  type StoredStreamView,
  searchCountSchema,
  searchHitSchema,
  searchResponseSchema,
  storedLogPageSchema,
  storedStreamListResponseSchema,
  storedStreamRefSchema,
  storedStreamViewSchema,
} from './http/stored-log-views.ts';
export {
  type ApiTokenCreated,
  type ApiTokenListResponse,
  type ApiTokenView,
  apiTokenCreatedSchema,
  apiTokenListResponseSchema,
  apiTokenViewSchema,
  type JoinCommands,
  type JoinTokenCreated,
  type JoinTokenListResponse,
  type JoinTokenState,
  type JoinTokenView,
  joinCommandsSchema,
  joinTokenCreatedSchema,
  joinTokenListResponseSchema,
  joinTokenStateSchema,
  joinTokenViewSchema,
} from './http/token-views.ts';
export { MAX_JSON_LINE_LENGTH, parseJsonLine } from './json-line.ts';
export { KeyedSlots } from './keyed-slots.ts';
export * from './limits.ts';
export { logEntriesSchema, logLinesSchema } from './log-batch-schema.ts';
export { LOG_LEVELS, type LogLineFilter, logLineFilterSchema } from './log-filter.ts';
export { detectLevel, type LogLevel } from './log-level.ts';
export {
  canonicalLineFilter,
  compileLineFilter,
  entryPasses,
  type LineFilterMatch,
  lineFilterKey,
  type MatchableLine,
} from './log-line-match.ts';
export { logReadBatchBytes } from './log-read-window.ts';
export {
  entryTextBytes,
  LOG_END_REASONS,
  LOG_GAP_REASONS,
  LOG_STREAMS,
  type LogEnd,
  type LogEndReason,
  type LogEntry,
  type LogEntryKind,
  type LogGap,
  type LogGapReason,
  type LogLine,
  type LogRestart,
  type LogStream,
  logEndSchema,
  logEntrySchema,
  logGapSchema,
  logLineSchema,
  logRestartSchema,
  MAX_LINE_TEXT_LENGTH,
} from './logs.ts';
export {
  agentProveResultSchema,
  agentProveSchema,
  MANAGER_KEY_ALGORITHM,
  MANAGER_PROOF_CONTEXT,
  type ManagerProof,
  managerProofMessage,
  newProofNonce,
  verifyManagerProof,
} from './manager-proof.ts';
export {
  type PackedLogLines,
  packBatch,
  packedLogLinesSchema,
  packedStream,
  packLogLines,
  unpackLogLines,
} from './packed-log-lines.ts';
export {
  ReplyInboxes,
  type ReplyInboxesOptions,
  type ReplyOutcome,
  type ReplyTimers,
} from './reply-inboxes.ts';
export {
  advanceResumeCursor,
  advanceStreamPosition,
  type PositionsByStream,
  positionsByStreamSchema,
  type ResumeCursor,
  resumeCursorSchema,
  type StreamPosition,
  streamPosition,
  streamPositionSchema,
} from './resume-cursor.ts';
export {
  DIRECTIONS,
  type Direction,
  type PushSpec,
  type RequestSpec,
  type SubjectSpec,
} from './subject-spec.ts';
export {
  type DataOf,
  errorPushSchema,
  type Frame,
  type FrameFor,
  type FrameOf,
  getSubjectSpec,
  isRequestSubject,
  isSubject,
  type PushSubject,
  type RequestSubject,
  type ResultOf,
  SUBJECT_NAMES,
  SUBJECTS,
  type Subject,
  type Subjects,
  subjectsFor,
} from './subjects.ts';
export {
  compareDockerTimestamps,
  DOCKER_TIMESTAMP_PATTERN,
  dockerTimestampSchema,
  dockerTimestampToSince,
  dockerTimestampToUnixNanos,
  RFC3339_PATTERN,
  rfc3339Schema,
  rfc3339ToMillis,
  unixNanosToDockerSince,
} from './timestamps.ts';
export { exceedsUtf8Bytes, utf8ByteLength } from './utf8.ts';
export { BOSUN_VERSION } from './version.ts';
export {
  LOGS_GAP_REASONS,
  LOGS_STATES,
  logsBatchPackedSchema,
  logsBatchSchema,
  logsGapSchema,
  logsHistorySchema,
  logsSkippedSchema,
  logsStatusSchema,
  logsSubscribeResultSchema,
  logsSubscribeSchema,
  logsUnsubscribeResultSchema,
  logsUnsubscribeSchema,
  VIEWER_SUBJECTS,
} from './viewer-subjects.ts';
export {
  type AgentProtocolStanding,
  agentProtocolRefusal,
  agentProtocolStanding,
  anyVersionHelloSchema,
  describeProtocolRefusal,
  MIN_AGENT_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  type ProtocolMismatchDetails,
  protocolMismatchDetailsSchema,
} from './wire-compat.ts';
