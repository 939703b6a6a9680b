import { type ErrorBody, type ErrorCode, ProtocolError, toWireError } from '@bosun/protocol';

/** The one place typed errors become HTTP statuses; anything unlisted is a 500. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  invalid_data: 400,
  bad_json: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  // "Too many at once" (e.g. concurrent log reads of one agent): the client should retry later.
  limit_exceeded: 429,
  agent_offline: 503,
  docker_unavailable: 503,
  // The manager's database busy, its disk full or failing: never 401, a store failure is no logout.
  store_unavailable: 503,
  timeout: 504,
};

/** An error as an HTTP answer: its status, its `{ error: { code, message } }` body, extra headers. */
export type HttpError = {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
};

/** The HTTP status of a protocol error code; 500 for a code that has none (a bug on our side). */
export function statusFor(code: ErrorCode): number {
  return STATUS[code] ?? 500;
}

/**
 * A rate-limit refusal that says when to come back (becomes `Retry-After`; a `store_unavailable`
 * error carries the same detail).
 */
export function rateLimited(message: string, retryAfterMs: number): ProtocolError {
  return new ProtocolError('rate_limited', message, { details: { retryAfterMs } });
}

function retryAfterSeconds(details: unknown): number {
  const ms = (details as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 1;
}

/**
 * Any error as an HTTP answer. Only ProtocolErrors carry their message out, and not even those
 * when they are `internal` (storage errors name files); everything else is a bare 500 whose
 * details go to the server log only.
 */
export function toHttpError(err: unknown): HttpError {
  const wire = toWireError(err);
  const status = statusFor(wire.code);
  const message = wire.code === 'internal' ? 'internal error' : wire.message;
  const headers: Record<string, string> = {};
  if (status === 429 || wire.code === 'store_unavailable') {
    headers['Retry-After'] = String(
      retryAfterSeconds(err instanceof ProtocolError ? err.details : undefined),
    );
  }
  return { status, body: { error: { code: wire.code, message } }, headers };
}
