import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { errorFromResponse, unreachable } from './http-errors.ts';
import { type ManagerResponse, managerResponse } from './manager-response.ts';
import { apiUrl } from './manager-url.ts';

/** How a request authenticates: an API token (every command) or a session cookie (login only). */
export type Credentials = { token: string } | { cookie: string } | undefined;

/** One request's method, JSON body, timeout and abort signal. */
export type RequestOptions = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  /** Give up after this long, body included; streams pass none and end with the body. */
  timeoutMs?: number;
  signal?: AbortSignal;
};

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * The manager's HTTP API: JSON in, JSON (validated) or a byte stream out, errors as ManagerError.
 * It speaks `node:http`/`node:https` rather than fetch: loading Node's fetch (undici and what it
 * pulls in) took longer than the rest of `bosun ps`. TLS trusts what Node trusts (its CA list
 * and NODE_EXTRA_CA_CERTS), as fetch did.
 */
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

  /**
   * The answer of a successful request, for bodies that are read as a stream. The timeout and the
   * signal end the body too: reading it then fails with their reason.
   */
  async send(path: string, options: RequestOptions = {}): Promise<ManagerResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.#credentials && 'token' in this.#credentials) {
      headers.authorization = `Bearer ${this.#credentials.token}`;
    } else {
      // The manager checks Origin on cookie requests (its CSRF defence); we are its own client.
      headers.origin = new URL(this.manager).origin;
      if (this.#credentials) headers.cookie = this.#credentials.cookie;
    }
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    if (body) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const signals = [options.signal, options.timeoutMs ? AbortSignal.timeout(options.timeoutMs) : undefined];
    const signal = AbortSignal.any(signals.filter((s) => s !== undefined));
    const url = apiUrl(this.manager, path);
    // TLS (https, tls, crypto) loads only for an https manager.
    const send = url.startsWith('https:') ? (await import('node:https')).request : httpRequest;
    let response: ManagerResponse;
    try {
      response = await request(send, url, options.method ?? 'GET', headers, body, signal);
    } catch (error) {
      throw unreachable(this.manager, error);
    }
    if (!response.ok) throw await errorFromResponse(response);
    return response;
  }
}

// Fetch's redirect statuses: a redirect could carry the token to another host, and the manager
// never answers with one, so none is followed.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

function request(
  send: typeof httpRequest,
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  signal: AbortSignal,
): Promise<ManagerResponse> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    // No keep-alive: a CLI makes a request or two, and a pooled socket, or an answer whose body
    // nobody reads, would keep the process alive after its work is done.
    const req = send(url, { method, headers, agent: false });
    let message: IncomingMessage | undefined;
    // Until the answer has been read, aborting ends the request and the body with the signal's
    // reason (a TimeoutError for the timeout), as fetch does.
    const abort = () => {
      message?.destroy(signal.reason);
      req.destroy(signal.reason);
    };
    signal.addEventListener('abort', abort, { once: true });
    req.on('close', () => signal.removeEventListener('abort', abort));
    req.on('error', reject);
    req.on('response', (answer) => {
      message = answer;
      // Whoever reads the body sees its errors; unread, an abort must not crash the process.
      answer.on('error', () => {});
      if (REDIRECTS.has(answer.statusCode ?? 0)) {
        req.destroy();
        reject(new Error('the manager answered with a redirect, which bosun does not follow'));
        return;
      }
      resolve(managerResponse(answer));
    });
    req.end(body);
  });
}

async function parseJsonBody<T>(response: ManagerResponse, schema: z.ZodType<T>): Promise<T> {
  let body: unknown;
  try {
    body = response.status === 204 ? {} : await response.json();
  } catch (error) {
    // The timeout or the signal ended the read of the body: that, not the body, is what failed.
    if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) throw error;
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
