import type { ErrorCode } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';

/** Exit codes of every bosun command, and the one place errors become them. */
export const EXIT = {
  /** The command did what it was asked. */
  ok: 0,
  /** Anything not named below. */
  failure: 1,
  /** A bad flag or argument, or a value the manager refused as invalid. */
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

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  unauthorized: EXIT.unauthorized,
  forbidden: EXIT.unauthorized,
  protocol_mismatch: EXIT.unauthorized,
  not_found: EXIT.notFound,
  docker_unavailable: EXIT.unavailable,
  agent_offline: EXIT.unavailable,
  // The manager's database busy or its disk full: the login still holds, so never `unauthorized`.
  store_unavailable: EXIT.unavailable,
  timeout: EXIT.timeout,
  invalid_data: EXIT.usage,
};

/** A usage problem found while reading the command line. */
export class UsageError extends Error {}

/** No credentials to call the manager with: the person has to log in first. */
export class NotLoggedInError extends Error {}

/** The manager could not be reached at all (refused, DNS, TLS, reset). */
export class UnreachableError extends Error {}

/**
 * An error the manager answered (over HTTP or the logs socket). Its message was written for people, so it is shown
 * as is; the code still decides the exit code.
 */
export class ManagerError extends ProtocolError {
  /** The HTTP status, for answers that came over HTTP. */
  readonly status: number | undefined;

  constructor(code: ErrorCode, message: string, status?: number) {
    super(code, message);
    this.status = status;
  }
}

/**
 * The exit code for whatever a command threw: by its class for the CLI's own errors, by its
 * protocol code for the manager's, `failure` for the rest.
 */
export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof NotLoggedInError) return EXIT.unauthorized;
  if (err instanceof UnreachableError) return EXIT.unavailable;
  if (err instanceof ProtocolError) return BY_CODE[err.code] ?? EXIT.failure;
  if (err instanceof Error && err.name === 'TimeoutError') return EXIT.timeout;
  return EXIT.failure;
}

/** One line, no stack: what a person at a terminal needs. */
export function describeError(err: unknown): string {
  if (err instanceof ManagerError) return oneLine(err.message);
  if (err instanceof ProtocolError) return oneLine(`${err.message} (${err.code})`);
  if (err instanceof Error && err.name === 'TimeoutError') return 'the manager did not answer in time';
  if (err instanceof Error) return oneLine(err.message);
  return oneLine(String(err));
}

// Failures print exactly one line, whatever a server or a library put in the message.
function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
