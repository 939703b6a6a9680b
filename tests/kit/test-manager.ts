import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  agentListResponseSchema,
  containerListResponseSchema,
  type DataOf,
  encodeRequest,
  type Frame,
  newInbox,
  type ReplyData,
  type Role,
  userResponseSchema,
  type WireError,
} from '@bosun/protocol';
import { parseExact } from '@bosun/protocol/testing';
import { type ManagerOptions, type RunningManager, startManager } from '@bosun/server';
import WebSocket from 'ws';
import type { z } from 'zod';
import { waitFor } from './wait-for.ts';

export const ADMIN_PASSWORD = 'admin password for tests';

export type TestManager = {
  manager: RunningManager;
  url: string;
  dataDir: string;
  /** Closes the manager; the data folder stays until `cleanup`. */
  close(): Promise<void>;
  cleanup(): Promise<void>;
};

/** A real manager on a free loopback port with a fresh data folder. */
export async function startTestManager(options: Partial<ManagerOptions> = {}): Promise<TestManager> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'bosun-manager-')));
  const manager = await startManager({
    listen: '127.0.0.1:0',
    adminPassword: ADMIN_PASSWORD,
    ...options,
    dataDir,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await manager.close();
  };
  return {
    manager,
    url: manager.url,
    dataDir,
    close,
    cleanup: async () => {
      await close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

// Tests read answers ad hoc (`body.agents[0].name`); each test asserts the shape it relies on.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Loose = any;

export type ApiAnswer<T = unknown> = { status: number; body: T; headers: Headers };

/**
 * The HTTP API as a client uses it: a browser (session cookie, and its own Origin on every
 * request, as browsers send it) or a script with a bearer token.
 */
export class ApiClient {
  readonly url: string;
  cookie: string | undefined;
  token: string | undefined;
  /** The Origin header to send; the manager's own by default, undefined for none. */
  origin: string | undefined;
  /** Headers sent with every request besides those the client sets, e.g. X-Forwarded-For. */
  readonly headers: Record<string, string>;

  constructor(url: string, auth: { cookie?: string; token?: string; headers?: Record<string, string> } = {}) {
    this.url = url;
    this.cookie = auth.cookie;
    this.token = auth.token;
    this.headers = auth.headers ?? {};
    this.origin = auth.token === undefined ? new URL(url).origin : undefined;
  }

  static async login(url: string, username: string, password: string): Promise<ApiClient> {
    const client = new ApiClient(url);
    const answer = await client.call('POST', '/api/login', { username, password });
    if (answer.status !== 200)
      throw new Error(`login as ${username}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return client;
  }

  static bearer(url: string, token: string): ApiClient {
    return new ApiClient(url, { token });
  }

  async call<T = Loose>(method: string, path: string, body?: unknown, raw?: string): Promise<ApiAnswer<T>> {
    const response = await this.fetch(
      method,
      path,
      raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    );
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // Not JSON: the test looks at the text.
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  /** Like `call`, but a non-2xx answer is an error. */
  async ok<T = Loose>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (answer.status >= 300)
      throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  /**
   * Like `ok`, with the answer checked against protocol's `schema` exactly: a field the schema
   * does not describe fails the test, where a client would drop it silently.
   */
  async okExactly<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<z.output<S>> {
    return parseExact(schema, await this.ok(method, path, body), `the answer to ${method} ${path}`);
  }

  /** Like `call`, with the body checked exactly against `schema`, whatever the status (an error body, say). */
  async callExactly<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
  ): Promise<ApiAnswer<z.output<S>>> {
    const answer = await this.call(method, path, body, raw);
    return {
      ...answer,
      body: parseExact(schema, answer.body, `the ${answer.status} answer to ${method} ${path}`),
    };
  }

  async fetch(method: string, path: string, body?: string): Promise<Response> {
    const headers: Record<string, string> = { ...this.headers };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.origin !== undefined) headers.origin = this.origin;
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair = ''] = header.split(';');
      if (!pair.startsWith('bosun_session=')) continue;
      this.cookie = /Max-Age=0/i.test(header) ? undefined : pair;
    }
    return response;
  }

  /** Polls the agent list until the named agent is online. */
  async waitForAgentOnline(name: string, timeoutMs = 15_000): Promise<void> {
    await waitFor(
      async () => {
        const { agents } = await this.okExactly(agentListResponseSchema, 'GET', '/api/agents');
        return agents.some((a) => a.name === name && a.online);
      },
      { timeoutMs, intervalMs: 100, what: `agent ${name} to come online` },
    );
  }

  /** Polls the container list until one matches (by name, id or host), e.g. a container just made. */
  async waitForContainer(
    match: { name?: string; id?: string; agentName?: string },
    timeoutMs = 15_000,
  ): Promise<void> {
    await waitFor(
      async () => {
        const { containers } = await this.okExactly(containerListResponseSchema, 'GET', '/api/containers');
        return containers.some(
          (c) =>
            (match.name === undefined || c.name === match.name) &&
            (match.id === undefined || c.id === match.id) &&
            (match.agentName === undefined || c.agentName === match.agentName),
        );
      },
      { timeoutMs, intervalMs: 50, what: `the manager to list container ${match.name ?? match.id}` },
    );
  }

  /** Creates a user as this (admin) client and logs in as them. */
  async newUser(username: string, role: Role): Promise<{ id: string; client: ApiClient }> {
    const password = `${username} password`;
    const { user } = await this.okExactly(userResponseSchema, 'POST', '/api/users', {
      username,
      password,
      role,
    });
    return { id: user.id, client: await ApiClient.login(this.url, username, password) };
  }

  headersForSocket(): Record<string, string> {
    const headers: Record<string, string> = {};
    if (this.origin !== undefined) headers.origin = this.origin;
    if (this.cookie !== undefined) headers.cookie = this.cookie;
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    return headers;
  }
}

/** What an upgrade to /ws/logs came to: an open socket, or the HTTP status it was refused with. */
export function openLogsSocket(
  url: string,
  headers: Record<string, string>,
): Promise<{ socket: ViewerSocket } | { status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/ws/logs`, { headers });
    ws.once('open', () => resolve({ socket: new ViewerSocket(ws) }));
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    ws.once('error', (error) => reject(error));
  });
}

/** An open viewer socket on /ws/logs; a refused upgrade is an error that says its status. */
export async function openViewer(url: string, headers: Record<string, string>): Promise<ViewerSocket> {
  const opened = await openLogsSocket(url, headers);
  if (!('socket' in opened)) throw new Error(`the log socket was refused: ${opened.status} ${opened.body}`);
  return opened.socket;
}

/** A viewer on /ws/logs: requests with replies, and every frame it received. */
export class ViewerSocket {
  readonly ws: WebSocket;
  readonly frames: Frame[] = [];
  readonly #waiting = new Map<string, (data: ReplyData) => void>();
  closed: { code: number; reason: string } | undefined;

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as Frame;
      const waiter = this.#waiting.get(frame.subject);
      if (waiter) {
        this.#waiting.delete(frame.subject);
        waiter(frame.data as ReplyData);
      } else {
        this.frames.push(frame);
      }
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString('utf8') };
    });
  }

  request<S extends 'logs.subscribe' | 'logs.unsubscribe'>(subject: S, data: DataOf<S>): Promise<ReplyData> {
    const inbox = newInbox();
    const answered = new Promise<ReplyData>((resolve) => this.#waiting.set(inbox, resolve));
    this.ws.send(encodeRequest(subject, data, inbox));
    return answered;
  }

  /** `error` pushes received so far. */
  errors(): WireError[] {
    return this.frames.filter((f) => f.subject === 'error').map((f) => f.data as WireError);
  }

  close(): void {
    this.ws.close();
  }
}
