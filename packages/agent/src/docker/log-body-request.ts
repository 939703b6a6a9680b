import { connect, type Socket } from 'node:net';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import { ChunkedBody } from './chunked-body.ts';

const HEADERS_END = Buffer.from('\r\n\r\n');
// Docker answers in a few hundred bytes; more without the end of the headers is not Docker.
const MAX_HEADER_BYTES = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})/;
const CHUNKED = /^transfer-encoding:[ \t]*chunked[ \t]*$/im;

/** What docker-modem's errors carry, so `toDockerProtocolError` reads both alike. */
type DockerHttpError = Error & { statusCode: number; json?: { message?: unknown } };

/**
 * GET `path` (a logs endpoint) from the Docker daemon on a unix socket, answering its body as a
 * stream: the body's bytes as they come, a socket read at a time (`ChunkedBody`, which also says
 * why not Node's HTTP client). It ends ('end') only at the body's end; a cut connection fails it.
 * Destroying it closes the connection. A status other than 200 fails with docker-modem's error
 * shape and the daemon's message.
 */
export function getLogBody(socketPath: string, path: string): Promise<Readable> {
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
      socket.off('error', fail);
      socket.pause();
      const headers = head.subarray(0, end).toString('latin1');
      const status = Number(STATUS_LINE.exec(headers)?.[1] ?? 0);
      const body = bodyOf(socket, head.subarray(end + HEADERS_END.length), CHUNKED.test(headers));
      if (status === 200) resolve(body);
      else readError(body, status).then(reject, reject);
    };
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('connect', () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`),
    );
  });
}

// The body after the headers: de-chunked, or (an answer without chunks, which Docker does not
// give for logs) the bytes up to the connection's end.
function bodyOf(socket: Socket, first: Buffer, chunked: boolean): Readable {
  const body = chunked ? new ChunkedBody() : new PassThrough();
  if (first.length > 0) body.write(first);
  // Either side's end or failure ends both: destroying the body closes the connection.
  pipeline(socket, body, () => {});
  return body;
}

// The daemon's error answer is a small JSON body: `{"message": "..."}`.
async function readError(body: Readable, status: number): Promise<DockerHttpError> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      parts.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > MAX_HEADER_BYTES) break;
    }
  } catch {
    // A cut error body still leaves the status to report.
  }
  body.destroy();
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
