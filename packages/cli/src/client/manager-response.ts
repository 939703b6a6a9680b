import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { ReadableStream } from 'node:stream/web';

/**
 * The manager's answer to one request: what the CLI reads of it (status, headers, the body as
 * JSON, text or a byte stream), shaped like fetch's `Response` so callers read it the same way,
 * without loading the fetch implementation (see http-client.ts). The body is read once, by one
 * of `json()`, `text()` or `body`.
 */
export type ManagerResponse = {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: ManagerHeaders;
  /** The body as a web stream of bytes, for answers read as they arrive. */
  readonly body: ReadableStream<Uint8Array>;
  json(): Promise<unknown>;
  text(): Promise<string>;
};

/** A response's headers, by case-insensitive name. */
export type ManagerHeaders = {
  /** The header's value, several joined with `, `; null when absent. */
  get(name: string): string | null;
  /** Each `Set-Cookie` header on its own (they cannot be joined with commas). */
  getSetCookie(): string[];
};

/** Wraps a `node:http` response; its body stays unread until someone asks for it. */
export function managerResponse(message: IncomingMessage): ManagerResponse {
  const status = message.statusCode ?? 0;
  let body: ReadableStream<Uint8Array> | undefined;
  const text = async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of message) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  return {
    status,
    statusText: message.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers: {
      get(name) {
        const value = message.headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
      getSetCookie() {
        return message.headers['set-cookie'] ?? [];
      },
    },
    get body() {
      body ??= Readable.toWeb(message) as ReadableStream<Uint8Array>;
      return body;
    },
    text,
    async json() {
      const value: unknown = JSON.parse(await text());
      return value;
    },
  };
}
