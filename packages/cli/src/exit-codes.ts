import type { ErrorCode } from '@bosun/protocol';
import { ProtocolError } from '@bosun/protocol';

/** Exit codes of every bosun command, and the one place errors become them. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  unauthorized: 3,
  notFound: 4,
  unavailable: 5,
  timeout: 6,
} as const;

const BY_CODE: Partial<Record<ErrorCode, number>> = {
  unauthorized: EXIT.unauthorized,
  forbidden: EXIT.unauthorized,
  protocol_mismatch: EXIT.unauthorized,
  not_found: EXIT.notFound,
  docker_unavailable: EXIT.unavailable,
  agent_offline: EXIT.unavailable,
  timeout: EXIT.timeout,
  invalid_data: EXIT.usage,
};

/** A usage problem found while reading the command line. */
export class UsageError extends Error {}

export function exitCodeFor(err: unknown): number {
  if (err instanceof UsageError) return EXIT.usage;
  if (err instanceof ProtocolError) return BY_CODE[err.code] ?? EXIT.failure;
  return EXIT.failure;
}

/** One line, no stack: what a person at a terminal needs. */
export function describeError(err: unknown): string {
  if (err instanceof ProtocolError) return `${err.message} (${err.code})`;
  if (err instanceof Error) return err.message;
  return String(err);
}
