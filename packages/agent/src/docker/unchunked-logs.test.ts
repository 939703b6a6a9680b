import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { toDockerProtocolError } from './docker-errors.ts';
import { getUnchunked } from './unchunked-logs.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A daemon stand-in on a unix socket: notes the request, answers `response` and closes. */
async function daemon(response: Buffer[]): Promise<{ socketPath: string; requests: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'bosun-unchunked-'));
  const socketPath = join(dir, 'docker.sock');
  const requests: string[] = [];
  const server: Server = createServer((socket) => {
    let request = '';
    socket.on('data', (b: Buffer) => {
      request += b.toString('latin1');
      if (!request.endsWith('\r\n\r\n')) return;
      requests.push(request);
      // Written in pieces, as a daemon flushing each message does.
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

async function readAll(body: NodeJS.ReadableStream & { resume(): void }): Promise<Buffer> {
  const parts: Buffer[] = [];
  body.on('data', (b: Buffer) => parts.push(b));
  body.resume();
  await new Promise((resolve) => body.once('end', resolve));
  return Buffer.concat(parts);
}

describe('getUnchunked', () => {
  it('asks in HTTP/1.0 and answers the body bytes after the headers, up to the close', async () => {
    const body = Buffer.from([1, 0, 0, 0, 0, 0, 0, 3, 0x61, 0x0d, 0x0a, 0xff]);
    const { socketPath, requests } = await daemon([
      Buffer.from('HTTP/1.0 200 OK\r\nServer: Docker\r\n\r\n'),
      body.subarray(0, 5),
      body.subarray(5),
    ]);
    const socket = await getUnchunked(socketPath, '/containers/abc/logs?tail=all');
    expect(await readAll(socket)).toEqual(body);
    expect(requests[0]).toMatch(/^GET \/containers\/abc\/logs\?tail=all HTTP\/1\.0\r\n/);
  });

  it('keeps body bytes that came with the headers', async () => {
    const { socketPath } = await daemon([Buffer.from('HTTP/1.0 200 OK\r\n\r\nfirst bytes')]);
    expect((await readAll(await getUnchunked(socketPath, '/x'))).toString()).toBe('first bytes');
  });

  it("fails as docker-modem does on a status other than 200, with the daemon's message", async () => {
    const { socketPath } = await daemon([
      Buffer.from('HTTP/1.0 404 Not Found\r\nContent-Type: application/json\r\n\r\n'),
      Buffer.from('{"message":"No such container: abc"}\n'),
    ]);
    const error = await getUnchunked(socketPath, '/x').catch((e: unknown) => e);
    const mapped = toDockerProtocolError(error, 'abc');
    expect(mapped.code).toBe('not_found');
    expect(mapped.message).toBe('No such container: abc');
  });
});
