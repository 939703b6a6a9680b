import { errorBodySchema } from '@bosun/protocol';
import type { z } from 'zod';
import { reportSessionExpired } from './session-expiry.ts';

/** A failed API call: the manager's error code and message, ready to show. */
export class ApiError extends Error {
  /** The HTTP status. */
  readonly status: number;
  /** The manager's error code (`not_found`, `forbidden`, …). */
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One call to the manager's API, its answer checked against `schema` (protocol's view of it).
 * Fields the schema does not know are dropped, so a newer manager's answers still work; an answer
 * that does not match fails here, with a message, instead of somewhere in a component.
 */
export async function api<T>(method: Method, path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
  const response = await send(method, path, body);
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
  throw new ApiError(
    response.status,
    'bad_answer',
    `the manager sent an unexpected answer${where}: ${issue?.message ?? 'invalid'}`,
  );
}

/** A call whose answer has no body (`204 No Content`). */
export async function apiNoContent(method: Method, path: string, body?: unknown): Promise<void> {
  await send(method, path, body);
}

/**
 * The session is the httpOnly cookie, sent because the UI is served from the manager's own
 * origin; no token ever lives in page script or the URL.
 */
async function send(method: Method, path: string, body: unknown): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'unavailable', 'cannot reach the manager; check that it is running');
  }
  if (response.ok) return response;
  const error = readError(await response.json().catch(() => undefined), response);
  // The login call itself answers 401 for a wrong password; that is not an expired session.
  if (response.status === 401 && path !== '/api/login') reportSessionExpired();
  throw error;
}

// Anything but the manager's error body (a proxy's page) is named by its status alone.
function readError(parsed: unknown, response: Response): ApiError {
  const body = errorBodySchema.safeParse(parsed);
  if (body.success) return new ApiError(response.status, body.data.error.code, body.data.error.message);
  return new ApiError(response.status, 'internal', `the manager answered ${response.status}`);
}
