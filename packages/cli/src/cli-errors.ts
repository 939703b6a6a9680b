// Kept free of @bosun/protocol (and so of zod): every command definition and `main` import it,
// and they load on every start of `bosun`, even for `bosun --version`.

/** Exit codes of every bosun command; `exitCodeFor` (exit-codes.ts) maps errors to them. */
export const EXIT = {
  /** The command did what it was asked. */
  ok: 0,
  /** Anything not named below. */
  failure: 1,
  /**
   * A bad flag or argument, a value the manager refused as invalid, or a Node too old for the
   * command (`bosun manager` on Node before 24).
   */
  usage: 2,
  /** Not logged in, a refused token, a role that may not, or an agent of a protocol the manager refuses. */
  unauthorized: 3,
  /** No such host or container. */
  notFound: 4,
  /** The manager unreachable, its store failing (database busy, disk full), the agent offline, or Docker down. */
  unavailable: 5,
  /** No answer in time. */
  timeout: 6,
} as const;

/** A usage problem found while reading the command line, or a Node that cannot run the command. */
export class UsageError extends Error {}

/** No credentials to call the manager with: the person has to log in first. */
export class NotLoggedInError extends Error {}

/** The manager could not be reached at all (refused, DNS, TLS, reset). */
export class UnreachableError extends Error {}
