import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { toHttpError } from '@bosun/api';
import { type ErrorCode, ProtocolError } from '@bosun/protocol';

/**
 * Refuses a WebSocket upgrade with a plain HTTP answer (the same JSON error body as the API)
 * before any handshake, then closes the socket.
 */
export function rejectUpgrade(socket: Duplex, code: ErrorCode, message: string): void {
  if (socket.destroyed) return;
  const { status, body, headers } = toHttpError(new ProtocolError(code, message));
  const json = JSON.stringify(body);
  const lines = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'Connection: close',
    'Content-Type: application/json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(json)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  socket.end(`${lines.join('\r\n')}\r\n\r\n${json}`);
}
