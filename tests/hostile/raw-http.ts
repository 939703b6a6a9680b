import { connect, type Socket } from 'node:net';

/** What a raw request came to: the status (0 when the server closed without answering), head and body. */
export type RawAnswer = { status: number; head: string; body: string };

/** Where a raw request goes: the manager's port, and the loopback address it is sent from. */
export type RawTarget = { port: number; localAddress?: string };

const ANSWER_TIMEOUT_MS = 30_000;

/** A TCP connection to the manager from `target.localAddress` (127.0.0.x), once connected. */
export function rawConnect(target: RawTarget): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: target.port, localAddress: target.localAddress });
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Splits what a server sent into its status, head and body. */
export function parseAnswer(bytes: Buffer): RawAnswer {
  const text = bytes.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end === -1 ? text : text.slice(0, end);
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
  const body =
    end === -1 ? '' : bytes.subarray(Buffer.byteLength(text.slice(0, end + 4), 'latin1')).toString();
  return { status, head, body };
}

/**
 * Sends `request` byte for byte (a path no URL parser has normalised, headers no HTTP client would
 * send) and reads until the server closes (requests carry `Connection: close`), or with
 * `headOnly` until the head is complete.
 */
export async function rawRequest(
  target: RawTarget,
  request: string | Buffer,
  options: { headOnly?: boolean } = {},
): Promise<RawAnswer> {
  const socket = await rawConnect(target);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];

    const timer = setTimeout(() => {
      socket.destroy();
      reject(
        new Error(
          `no end of the answer in ${ANSWER_TIMEOUT_MS} ms to ${JSON.stringify(String(request).slice(0, 200))}`,
        ),
      );
    }, ANSWER_TIMEOUT_MS);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // A stream that would not end (Server-Sent Events): its head is all there is to read.
      if (options.headOnly && Buffer.concat(chunks).includes('\r\n\r\n')) socket.destroy();
    });
    // A reset after the answer (the server refusing a malformed request) still ends it.
    socket.on('error', () => {});
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(Buffer.concat(chunks)));
    });
    // Not end(): Node's server drops a request still being handled once the client half-closes.
    socket.write(request);
  });
}

/**
 * The header lines of a request to the manager at `port`: `Host` first (the manager's own unless
 * `headers` names another), ending with `Connection: close`.
 */
export function requestHead(
  method: string,
  target: string,
  port: number,
  headers: Record<string, string> = {},
): string {
  const { Host: host = `127.0.0.1:${port}`, ...rest } = headers;
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`];
  for (const [name, value] of Object.entries(rest)) lines.push(`${name}: ${value}`);
  lines.push('Connection: close');
  return `${lines.join('\r\n')}\r\n\r\n`;
}
