import type { LogEntry, LogLineFilter } from '@bosun/protocol';
import type { SourceKey } from './log-types.ts';

/**
 * The part of the browser's WebSocket the session uses; a test passes a fake. The handler
 * parameters are the DOM's event types so that a real WebSocket fits as it is.
 */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

/** The logs socket: first connecting, live, reconnecting after a drop, or closed for good. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'closed';

/** `retrying`: the manager refused the subscription for a passing reason; it is asked again shortly. */
export type SourceState =
  | 'subscribing'
  | 'retrying'
  | 'live'
  | 'agent_offline'
  | 'docker_unavailable'
  | 'ended'
  | 'error';

/**
 * Whether entries are history (sent on subscribe), live (as they happen), or stored (read from
 * the manager's store while the host is offline; `LogSession.takeStored`).
 */
export type EntriesPhase = 'history' | 'live' | 'stored';

/** A `logs.gap` push: the seqs this viewer will not get, how many, and why. */
export type SessionGap = {
  fromSeq: number;
  toSeq: number;
  count: number;
  reason: 'subscriber_behind' | 'ring_evicted';
};

/** What LogSession emits, by event name. */
export type LogSessionEvents = {
  /** Entries of one source, new to this viewer, in stream order. */
  entries: (source: SourceKey, entries: LogEntry[], phase: EntriesPhase) => void;
  /** detail: 'unauthorized' when closed for a refused or expired session; otherwise prose. */
  connection: (state: ConnectionState, detail?: string) => void;
  source: (source: SourceKey, state: SourceState, message?: string) => void;
  /** Lines this viewer will not get (it fell behind, or asked for more than the manager holds). */
  gap: (source: SourceKey, gap: SessionGap) => void;
  /** `count` more lines of a source that the manager's filter held back (`filter`). */
  skipped: (source: SourceKey, count: number) => void;
  /**
   * The source's numbering started over: its name now points at another container, or the
   * manager lost its cursor. The session has forgotten the old seqs and passes the new
   * numbering on from its start; the view flushes pending entries, then
   * `LogBuffer.forgetSource(source)`, so the entries that follow are placed by their own time.
   */
  reset: (source: SourceKey, reason: string) => void;
  /** A frame that failed validation (ignored) or an error push from the manager. */
  warning: (message: string) => void;
};

/** Timer functions to use instead of the browser's (a test's hand-run ones). */
export type Timers = {
  setTimer?: (callback: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
};

/** The timers given (a test's hand-run ones), or the browser's. */
export function timersOf(options: Timers): Required<Timers> {
  return {
    setTimer: options.setTimer ?? ((callback, ms) => setTimeout(callback, ms)),
    clearTimer: options.clearTimer ?? ((handle) => clearTimeout(handle as ReturnType<typeof setTimeout>)),
  };
}

/** How a LogSession connects and what it follows. */
export type LogSessionOptions = Timers & {
  /** ws(s)://host/ws/logs */
  url: string;
  sources: SourceKey[];
  /** Lines of history for a fresh subscription; without it, all the manager holds. */
  tail?: number;
  /** Only the lines this keeps, filtered by the manager (an older one sends every line). */
  filter?: LogLineFilter;
  createSocket?: (url: string) => WebSocketLike;
  /** Reconnect delays of the socket (full jitter); 500 ms doubling to 10 s when left out. */
  backoff?: { initialMs: number; maxMs: number };
  random?: () => number;
  /**
   * Asked before every reconnect: a browser cannot see the 401 of a refused upgrade (it gets
   * close code 1006), so the UI checks its session over HTTP. false stops the session as
   * 'unauthorized'; a rejection counts as "cannot tell" and the reconnect goes ahead.
   */
  checkSession?: () => Promise<boolean>;
  /** Connect on a microtask after construction (default), so listeners added right away see everything. */
  autoStart?: boolean;
};
