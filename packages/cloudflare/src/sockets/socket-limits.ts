/** The bounds on the object's sockets, as the Node manager's (`ServerLimits`) of the same names. */
export type SocketLimits = {
  /** Log sockets open at once; past it an upgrade is refused with `rate_limited`. */
  maxViewerSockets: number;
  /** Log sockets one user may hold, over all their sessions and tokens. */
  maxViewerSocketsPerUser: number;
  /** Agent sockets not yet welcomed, per client address. */
  maxPendingAgentSocketsPerIp: number;
  /** Agent sockets not yet welcomed, in all. */
  maxPendingAgentSockets: number;
  /**
   * How often viewers' credentials are checked again (a session that expired, a token revoked
   * elsewhere); each check wakes a sleeping object, so it is longer than the Node manager's 30 s.
   */
  viewerRecheckMs: number;
};

/** The Node manager's defaults. */
export const DEFAULT_SOCKET_LIMITS: SocketLimits = {
  maxViewerSockets: 1000,
  maxViewerSocketsPerUser: 250,
  maxPendingAgentSocketsPerIp: 16,
  maxPendingAgentSockets: 256,
  viewerRecheckMs: 60_000,
};
