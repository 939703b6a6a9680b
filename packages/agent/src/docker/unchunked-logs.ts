import { connect, type Socket } from 'node:net';

const HEADERS_END = Buffer.from('\r\n\r\n');
// Docker answers in a few hundred bytes; more without the end of the headers is not Docker.
const MAX_HEADER_BYTES = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})/;

/** What docker-modem's errors carry, so `toDockerProtocolError` reads both alike. */
type DockerHttpError = Error & { statusCode: number; json?: { message?: unknown } };

/**
 * GET `path` from the Docker daemon on a unix socket as an HTTP/1.0 request, answering the socket
 * itself as the body once the headers are read. Why: Docker flushes every log message it writes,
 * so over HTTP/1.1 each ~100-byte line is a chunk of its own, which Node's HTTP client hands on
 * one callback and one buffer at a time (measured: most of the agent's time on a stored read).
 * A response to HTTP/1.0 cannot be chunked: the body is the bytes up to the close, read in
 * socket-sized pieces. A status other than 200 fails with docker-modem's error shape.
 */
export function getUnchunked(socketPath: string, path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    let head: Buffer = Buffer.alloc(0);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      head = head.length === 0 ? chunk : Buffer.concat([head, chunk]);
      const end = head.indexOf(HEADERS_END);
      if (end === -1) {
        if (head.length > MAX_HEADER_BYTES) fail(new Error('Docker sent no end of its response headers'));
        return;
      }
      socket.off('data', onData);
      socket.pause();
      const status = Number(STATUS_LINE.exec(head.subarray(0, end).toString('latin1'))?.[1] ?? 0);
      const rest = head.subarray(end + HEADERS_END.length);
      if (status === 200) {
        socket.off('error', fail);
        if (rest.length > 0) socket.unshift(rest);
        resolve(socket);
        return;
      }
      readError(socket, rest, status).then(reject, reject);
    };
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\n\r\n`));
  });
}

// The daemon's error answer is a small JSON body: `{"message": "..."}`.
async function readError(socket: Socket, first: Buffer, status: number): Promise<DockerHttpError> {
  const parts = [first];
  let size = first.length;
  socket.resume();
  for await (const chunk of socket) {
    parts.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > MAX_HEADER_BYTES) break;
  }
  socket.destroy();
  const text = Buffer.concat(parts).toString('utf8');
  let message: unknown;
  try {
    message = (JSON.parse(text) as { message?: unknown }).message;
  } catch {
    message = text.trim() || undefined;
  }
  const error = new Error(`Docker answered ${status}`) as DockerHttpError;
  error.statusCode = status;
  if (typeof message === 'string') error.json = { message };
  return error;
}
