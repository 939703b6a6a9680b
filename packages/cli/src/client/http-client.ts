import type { z } from 'zod';
import { errorFromResponse, unreachable } from './http-errors.ts';
import { apiUrl } from './manager-url.ts';

/** How a request authenticates: an API token (every command) or a session cookie (login only). */
export type Credentials = { token: string } | { cookie: string } | undefined;

/** One request's method, JSON body, timeout and abort signal. */
export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Give up after this long; streams pass none and end with the body. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/** The manager's HTTP API: JSON in, JSON (validated) or a byte stream out, errors as ManagerError. */
export class ManagerClient {
  /** The manager's base URL, as parsed from `--manager` or the saved login. */
  readonly manager: string;
  readonly #credentials: Credentials;

  constructor(manager: string, credentials: Credentials) {
    this.manager = manager;
    this.#credentials = credentials;
  }

  /** A JSON request whose answer is checked against `schema` before anyone uses it. */
  async json<T>(path: string, schema: z.ZodType<T>, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(path, {
      ...options,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return parseJsonBody(response, schema);
  }

  /** The raw response of a successful request, for bodies that are read as a stream. */
  async send(path: string, options: RequestOptions = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#credentials && 'token' in this.#credentials) {
      headers.authorization = `Bearer ${this.#credentials.token}`;
    } else {
      // The manager checks Origin on cookie requests (its CSRF defence); we are its own client.
      headers.origin = new URL(this.manager).origin;
      if (this.#credentials) headers.cookie = this.#credentials.cookie;
    }
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const signals = [options.signal, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined];
    let response: Response;
    try {
      response = await fetch(apiUrl(this.manager, path), {
        method: options.method ?? 'GET',
        headers,
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
        signal: AbortSignal.any(signals.filter((s) => s !== undefined)),
        // A redirect could carry the token to another host; the manager never needs one.
        redirect: 'error',
      });
    } catch (error) {
      throw unreachable(this.manager, error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

async function parseJsonBody<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = response.status === 204 ? {} : await response.json();
  } catch {
    throw new Error(`the manager sent an answer that is not JSON (HTTP ${response.status})`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
    throw new Error(`the manager sent an unexpected answer${where}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
