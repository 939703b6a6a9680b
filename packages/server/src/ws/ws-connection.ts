import { type Connection, type ConnectionHandler, MIN_SOCKET_ALLOWANCE_BYTES } from '@bosun/hub';
import { WebSocket } from 'ws';
import type { Logger } from '../logger.ts';

let nextId = 0;

// A close frame queues behind what is unsent, so a peer this far behind (the least the hub lets
// a viewer socket hold before it stops writing to it) would keep its buffers for ws's whole close
// timeout, 30 s, while it receives nothing anyway. Such a socket is destroyed at once instead;
// that is how the memory budget's socket step frees what it sheds.
const TERMINATE_ABOVE_BYTES = MIN_SOCKET_ALLOWANCE_BYTES;

// What one frame waiting in a socket's buffers costs beyond its text: the frame header's Buffer,
// the stream's chunk entry and its callback. Measured on Node 24 with a thousand stalled viewers
// of one-line frames (about 300 bytes): the heap grew by about twice what ws reported unsent.
const FRAME_OVERHEAD_BYTES = 300;

/** A `ws` socket as the hub's Connection port; `onSend` hears of every frame sent. */
export function wsConnection(
  ws: WebSocket,
  kind: 'agent' | 'viewer',
  onSend?: () => void,
  address?: string,
): Connection {
  nextId += 1;
  // Frames handed to ws whose write has not completed (ws calls back once, written or failed).
  let framesInFlight = 0;
  const written = () => {
    framesInFlight -= 1;
  };
  return {
    id: `${kind}-${nextId}`,
    ...(address === undefined ? {} : { address }),
    send(text) {
      onSend?.();
      // A socket on its way out swallows frames; its close is reported separately.
      if (ws.readyState !== WebSocket.OPEN) return;
      framesInFlight += 1;
      ws.send(text, written);
    },
    close(code, reason) {
      if (ws.readyState === WebSocket.CLOSED) return;
      if (ws.bufferedAmount >= TERMINATE_ABOVE_BYTES) {
        ws.terminate();
        return;
      }
      if (ws.readyState === WebSocket.CLOSING) return;
      try {
        ws.close(code, reason);
      } catch {
        ws.terminate();
      }
    },
    get open() {
      return ws.readyState === WebSocket.OPEN;
    },
    get bufferedAmount() {
      const unsent = ws.bufferedAmount;
      return unsent === 0 ? 0 : unsent + framesInFlight * FRAME_OVERHEAD_BYTES;
    },
  };
}

/** Feeds a socket's frames and its end into the hub's handler. */
export function attachHandler(
  ws: WebSocket,
  conn: Connection,
  handler: ConnectionHandler,
  logger: Logger,
): void {
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
    // Frames arrive as Buffers (binaryType "nodebuffer"); decode checks size, UTF-8 and JSON.
    const bytes = Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data);
    try {
      handler.onMessage(bytes);
    } catch (error) {
      logger.error({ conn: conn.id, err: error }, 'socket handler failed');
    }
  });
  ws.once('close', () => handler.onClose());
  // ws reports protocol violations (e.g. a frame past maxPayload) here, then closes the socket.
  ws.on('error', (error) => logger.debug({ conn: conn.id, err: error.message }, 'socket error'));
}
