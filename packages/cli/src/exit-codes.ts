import type { ErrorCode } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';
import { EXIT, NotLoggedInError, UnreachableError, UsageError } from './cli-errors.ts';

export { EXIT, NotLoggedInError, UnreachableError, UsageError } from './cli-errors.ts';

// The one place errors become exit codes; loaded only once a command failed or a client module
// needs ManagerError, since it pulls in @bosun/protocol.
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
