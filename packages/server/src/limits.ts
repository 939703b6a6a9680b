import { type ApiLimits, DEFAULT_API_LIMITS } from '@bosun/api';
import { MAX_FRAME_BYTES } from '@bosun/protocol';

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;

/**
 * Every bound the manager enforces, with its default: the API's, and those of the Node
 * adapter's own sockets and timers. Tests shorten some of them.
 */
export interface ServerLimits extends ApiLimits {
  /** WebSocket frames: twice the protocol's limit, so decode answers `too_large` (see ws/). */
  maxSocketPayloadBytes: number;
  /** Viewer sockets are pinged this often and dropped when a pong has not come back by the next ping. */
  viewerPingMs: number;
  /** Log sockets open at once; past it an upgrade is refused with `rate_limited`. */
  maxViewerSockets: number;
  /** Log sockets one user may hold, over all their sessions and tokens (`rate_limited` past it). */
  maxViewerSocketsPerUser: number;
  /** Agent sockets that have not been welcomed yet, per client address and in all. */
  maxPendingAgentSocketsPerIp: number;
  /** Agent sockets not yet welcomed, in all (see `maxPendingAgentSocketsPerIp`). */
  maxPendingAgentSockets: number;
  /**
   * An HTTP request's headers must arrive within this, and the whole request (body included)
   * within `httpRequestTimeoutMs`; past either Node answers 408 and closes the connection. A
   * client trickling bytes (slowloris) holds a socket no longer than that. Responses, streamed
   * ones included, are not bounded by either.
   */
  httpHeadersTimeoutMs: number;
  /** See `httpHeadersTimeoutMs`. */
  httpRequestTimeoutMs: number;
  /** Expired sessions are deleted this often. */
  sessionSweepMs: number;
  /** On shutdown, how long open sockets get to finish their close handshake. */
  shutdownGraceMs: number;
}

/** The manager's bounds when none are given. */
export const DEFAULT_SERVER_LIMITS: ServerLimits = {
  ...DEFAULT_API_LIMITS,
  maxSocketPayloadBytes: 2 * MAX_FRAME_BYTES,
  viewerPingMs: 30 * SECOND,
  maxViewerSockets: 1000,
  // A quarter of the total: a person's tabs and `bosun logs -f` need a handful; a runaway script
  // is refused long before it holds the sockets everyone else needs.
  maxViewerSocketsPerUser: 250,
  maxPendingAgentSocketsPerIp: 16,
  maxPendingAgentSockets: 256,
  // Node's own defaults are 60 s and 300 s, checked every 30 s: five minutes a trickled body may
  // hold a socket. Bodies here are at most 64 KiB, which no client still online needs that for.
  httpHeadersTimeoutMs: 20 * SECOND,
  httpRequestTimeoutMs: 30 * SECOND,
  sessionSweepMs: HOUR,
  shutdownGraceMs: 2 * SECOND,
};

/** The defaults with `overrides` applied; an undefined override keeps its default. */
export function resolveServerLimits(overrides: Partial<ServerLimits> | undefined): ServerLimits {
  const resolved = { ...DEFAULT_SERVER_LIMITS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) (resolved as Record<string, unknown>)[key] = value;
  }
  return resolved;
}
