import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ManagerError, UnreachableError } from '../exit-codes.ts';
import { ManagerClient } from './http-client.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A manager stand-in on loopback; its URL. */
async function serve(handler: Handler): Promise<string> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => handler(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

const okSchema = z.object({ ok: z.boolean() });

describe('ManagerClient', () => {
  it('sends the token, the method and the JSON body, and validates the JSON answer', async () => {
    let seen: { method?: string; headers?: IncomingMessage['headers']; url?: string; body?: string } = {};
    const manager = await serve((req, res, body) => {
      seen = { method: req.method, headers: req.headers, url: req.url, body };
      answer(res, 200, { ok: true });
    });
    const client = new ManagerClient(manager, { token: 'tok-1' });
    await expect(client.json('/api/x?a=1', okSchema, { method: 'POST', body: { n: 1 } })).resolves.toEqual({
      ok: true,
    });
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/api/x?a=1');
    expect(seen.body).toBe('{"n":1}');
    expect(seen.headers?.authorization).toBe('Bearer tok-1');
    expect(seen.headers?.['content-type']).toBe('application/json');
    expect(seen.headers?.origin).toBeUndefined();
  });

  it('sends a session cookie with the manager as origin', async () => {
    let headers: IncomingMessage['headers'] = {};
    const manager = await serve((req, res) => {
      headers = req.headers;
      answer(res, 200, { ok: true });
    });
    await new ManagerClient(manager, { cookie: 'sid=abc' }).json('/api/x', okSchema);
    expect(headers.cookie).toBe('sid=abc');
    expect(headers.origin).toBe(manager);
    expect(headers.authorization).toBeUndefined();
  });

  it('gives each Set-Cookie header and other headers of the answer', async () => {
    const manager = await serve((_req, res) => {
      res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; HttpOnly']);
      res.setHeader('x-thing', 'yes');
      answer(res, 200, {});
    });
    const response = await new ManagerClient(manager, undefined).send('/api/login', { method: 'POST' });
    expect(response.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(response.headers.get('X-Thing')).toBe('yes');
    expect(response.headers.get('x-missing')).toBeNull();
    await expect(response.json()).resolves.toEqual({});
  });

  it("turns the manager's error body into a ManagerError with its code and status", async () => {
    const manager = await serve((_req, res) =>
      answer(res, 409, { error: { code: 'conflict', message: 'taken' } }),
    );
    const error = await new ManagerClient(manager, { token: 't' }).send('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManagerError);
    expect(error).toMatchObject({ code: 'conflict', message: 'taken', status: 409 });
  });

  it('names the status when the error body is not the manager’s (a proxy page)', async () => {
    const manager = await serve((_req, res) => res.writeHead(502, 'Bad Gateway').end('<html>oops</html>'));
    const error = await new ManagerClient(manager, { token: 't' }).send('/api/x').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'internal',
      message: 'the manager answered 502 Bad Gateway',
      status: 502,
    });
  });

  it('refuses a redirect and never calls where it points', async () => {
    let elsewhereCalls = 0;
    const elsewhere = await serve((_req, res) => {
      elsewhereCalls += 1;
      answer(res, 200, { ok: true });
    });
    const manager = await serve((_req, res) => res.writeHead(302, { location: `${elsewhere}/api/x` }).end());
    const error = await new ManagerClient(manager, { token: 'secret' })
      .json('/api/x', okSchema)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toMatch(/redirect/);
    expect(elsewhereCalls).toBe(0);
  });

  it('says the answer is not JSON when it is not', async () => {
    const manager = await serve((_req, res) => res.writeHead(200).end('not json'));
    await expect(new ManagerClient(manager, { token: 't' }).json('/api/x', okSchema)).rejects.toThrow(
      'the manager sent an answer that is not JSON (HTTP 200)',
    );
  });

  it('names the reason when nothing listens', async () => {
    const manager = await serve(() => {});
    const server = servers.pop();
    await new Promise((resolve) => server?.close(resolve));
    const error = await new ManagerClient(manager, { token: 't' }).send('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnreachableError);
    expect((error as Error).message).toBe(`cannot reach the manager at ${manager}: ECONNREFUSED`);
  });

  it('gives up with a TimeoutError when the manager does not answer in time', async () => {
    const manager = await serve(() => {});
    const error = await new ManagerClient(manager, { token: 't' })
      .json('/api/x', okSchema, { timeoutMs: 50 })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('gives up with a TimeoutError when the body stops half-way', async () => {
    const manager = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"ok":');
    });
    const error = await new ManagerClient(manager, { token: 't' })
      .json('/api/x', okSchema, { timeoutMs: 100 })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('streams the body as it arrives, and an abort ends the stream with its reason', async () => {
    let more: (() => void) | undefined;
    const manager = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      res.write('first\n');
      more = () => res.write('second\n');
    });
    const controller = new AbortController();
    const response = await new ManagerClient(manager, { token: 't' }).send('/api/logs', {
      signal: controller.signal,
    });
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe('first\n');
    more?.();
    expect(decoder.decode((await reader.read()).value)).toBe('second\n');
    controller.abort();
    await expect(reader.read()).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses to start a request whose signal already ended', async () => {
    let calls = 0;
    const manager = await serve((_req, res) => {
      calls += 1;
      answer(res, 200, { ok: true });
    });
    const error = await new ManagerClient(manager, { token: 't' })
      .send('/api/x', { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(calls).toBe(0);
  });
});
