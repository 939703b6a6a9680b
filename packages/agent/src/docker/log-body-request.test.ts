import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { toDockerProtocolError } from './docker-errors.ts';
import { getLogBody } from './log-body-request.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A daemon stand-in on a unix socket: notes the request, writes `response` in pieces and closes. */
async function daemon(response: Array<string | Buffer>): Promise<{ socketPath: string; requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-log-body-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  const server: Server = createServer((socket) => {
    let request = '';
    socket.on('data', (b: Buffer) => {
      request += b.toString('latin1');
      if (!request.endsWith('\r\n\r\n')) return;
      requests.push(request);
      for (const piece of response) socket.write(piece);
      socket.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  cleanups.push(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  return { socketPath, requests };
}

/** Everything the body gives, and whether it ended cleanly or failed. */
async function readAll(body: Readable): Promise<{ bytes: Buffer; ended: 'end' | 'error' }> {
  const parts: Buffer[] = [];
  body.on('data', (b: Buffer) => parts.push(b));
  const ended = await new Promise<'end' | 'error'>((resolve) => {
    body.once('end', () => resolve('end'));
    body.once('error', () => resolve('error'));
  });
  return { bytes: Buffer.concat(parts), ended };
}

const OK = 'HTTP/1.1 200 OK\r\nServer: Docker\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('getLogBody', () => {
  it("asks with the path and gives the chunks' bytes, ending at the last chunk", async () => {
    const { socketPath, requests } = await daemon([OK, '3\r\nabc\r\n', '2\r\n\r\n\r\n', '0\r\n\r\n']);
    expect(await readAll(await getLogBody(socketPath, '/containers/abc/logs?tail=all'))).toEqual({
      bytes: Buffer.from('abc\r\n'),
      ended: 'end',
    });
    expect(requests[0]).toMatch(/^GET \/containers\/abc\/logs\?tail=all HTTP\/1\.1\r\n/);
  });

  it('keeps body bytes that came with the headers', async () => {
    const { socketPath } = await daemon([`${OK}5\r\nfirst\r\n0\r\n\r\n`]);
    expect((await readAll(await getLogBody(socketPath, '/x'))).bytes.toString()).toBe('first');
  });

  it('fails a body whose connection closes before the last chunk', async () => {
    const { socketPath } = await daemon([OK, '3\r\nabc\r\n']);
    expect(await readAll(await getLogBody(socketPath, '/x'))).toEqual({
      bytes: Buffer.from('abc'),
      ended: 'error',
    });
  });

  it("fails as docker-modem does on a status other than 200, with the daemon's message", async () => {
    const body = '{"message":"No such container: abc"}\n';
    const { socketPath } = await daemon([
      'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n',
      `${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`,
    ]);
    const error = await getLogBody(socketPath, '/x').catch((e: unknown) => e);
    const mapped = toDockerProtocolError(error, 'abc');
    expect(mapped.code).toBe('not_found');
    expect(mapped.message).toBe('No such container: abc');
  });
});
