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
 * One call to the manager's API. The session is the httpOnly cookie, sent because the UI is
 * served from the manager's own origin; no token ever lives in page script or the URL.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
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
  if (response.status === 204) return undefined as T;
  const parsed: unknown = await response.json().catch(() => undefined);
  if (response.ok) return parsed as T;
  const error = readError(parsed, response);
  // The login call itself answers 401 for a wrong password; that is not an expired session.
  if (response.status === 401 && path !== '/api/login') reportSessionExpired();
  throw error;
}

function readError(parsed: unknown, response: Response): ApiError {
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
    const error = (parsed as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      if (typeof code === 'string' && typeof message === 'string') {
        return new ApiError(response.status, code, message);
      }
    }
  }
  return new ApiError(response.status, 'internal', `the manager answered ${response.status}`);
}
