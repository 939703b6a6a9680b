const KiB = 1024;
const MiB = 1024 * KiB;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every bound the HTTP API enforces, with its default; tests shorten some of them. */
export interface ApiLimits {
  /**
   * Login attempts per client (an IPv4 address, an IPv6 /64) per `loginWindowMs`, whatever the
   * username and outcome.
   */
  loginPerIp: number;
  /**
   * Failed logins per client and username per `loginWindowMs`, after which that client may try
   * that user once every `loginWindowMs / loginFailuresPerClientUser`: a slowdown for the one
   * guessing, never a lockout for the user, whom strangers' failures do not touch.
   */
  loginFailuresPerClientUser: number;
  /** Wrong current passwords per user at `PUT /api/me/password`, per `loginWindowMs`, the same way. */
  passwordFailuresPerUser: number;
  loginWindowMs: number;
  /**
   * Password checks (logins, password changes) hashing at once, how many one client may have
   * running or waiting, and how many may wait in all; waiting clients take turns.
   */
  passwordChecksRunning: number;
  passwordChecksPerClient: number;
  passwordChecksWaiting: number;
  /** Join tokens and API tokens a user may create per `tokenCreateWindowMs`. */
  tokenCreatePerUser: number;
  tokenCreateWindowMs: number;
  /** Request bodies: the login body is tiny, everything else small. */
  maxLoginBodyBytes: number;
  maxBodyBytes: number;
  /** A session lives this long after its last use, and never longer than `sessionMaxAgeMs`. */
  sessionIdleMs: number;
  sessionMaxAgeMs: number;
  /** At most one session write per this interval: the sliding expiry need not be exact to the ms. */
  sessionTouchMs: number;
  /** The same for API tokens' lastUsedAt. */
  apiTokenTouchMs: number;
  /** An API token's lifetime when none is asked for: every token expires. */
  defaultApiTokenTtlMs: number;
  /** Longest API token lifetime that may be asked for. */
  maxApiTokenTtlMs: number;
  /** Fleet event streams: bytes one client may fall behind before it is dropped, and a ping interval. */
  eventStreamMaxBufferedBytes: number;
  eventStreamPingMs: number;
  maxEventStreams: number;
  /** Event streams one user may hold, over all their sessions and tokens, so one cannot hold them all. */
  maxEventStreamsPerUser: number;
  /**
   * A log read's bytes waiting for a slow HTTP client before the response is cut: only reads
   * from agents of protocol 1, which cannot be paused; newer agents' reads wait for the client.
   */
  logReadMaxBufferedBytes: number;
}

/** The API's bounds as the manager runs them. */
export const DEFAULT_API_LIMITS: ApiLimits = {
  loginPerIp: 30,
  // Five quick tries for a mistyped password, then one every 12 s for that client and user.
  loginFailuresPerClientUser: 5,
  passwordFailuresPerUser: 5,
  loginWindowMs: MINUTE,
  // The Node manager hashes two at a time; more here would only queue behind its own gate.
  passwordChecksRunning: 2,
  passwordChecksPerClient: 2,
  passwordChecksWaiting: 256,
  tokenCreatePerUser: 30,
  tokenCreateWindowMs: 10 * MINUTE,
  maxLoginBodyBytes: 8 * KiB,
  maxBodyBytes: 64 * KiB,
  sessionIdleMs: 7 * DAY,
  sessionMaxAgeMs: 30 * DAY,
  sessionTouchMs: MINUTE,
  apiTokenTouchMs: MINUTE,
  defaultApiTokenTtlMs: 90 * DAY,
  maxApiTokenTtlMs: 365 * DAY,
  eventStreamMaxBufferedBytes: 1 * MiB,
  eventStreamPingMs: 15 * SECOND,
  maxEventStreams: 1000,
  // A quarter of the total: a person has a few tabs open; a script opening more is refused long
  // before the others are.
  maxEventStreamsPerUser: 250,
  logReadMaxBufferedBytes: 16 * MiB,
};
