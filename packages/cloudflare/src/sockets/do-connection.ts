import type { Connection, ConnectionMemo } from '@bosun/hub';
import type { WebSocket } from '../workers-types.ts';

// WebSocket.readyState values (the Workers types declare them on instances only).
const OPEN = 1;
const CLOSED = 3;

let nextId = 0;

/**
 * A hibernatable WebSocket as the hub's Connection port. `bufferedAmount` is the runtime's own
 * count of what `send` accepted and the network has not taken yet: the hub's backpressure signal,
 * as ws's is on Node. `remember` keeps the hub's memo with the socket through hibernation;
 * `onSend` hears of every frame sent (an agent's first answer frees its pending slot).
 */
export function doConnection(
  ws: WebSocket,
  kind: 'agent' | 'viewer',
  address: string | undefined,
  remember: (memo: ConnectionMemo) => void,
  onSend?: () => void,
  heardAt?: () => number | undefined,
): Connection {
  nextId += 1;
  return {
    id: `${kind}-${nextId}`,
    ...(address === undefined ? {} : { address }),
    ...(heardAt === undefined ? {} : { heardAt }),
    remember,
    send(text) {
      onSend?.();
      if (ws.readyState !== OPEN) return;
      try {
        ws.send(text);
      } catch {
        // A socket that closed between the check and the send; its close is reported separately.
      }
    },
    close(code, reason) {
      if (ws.readyState === CLOSED) return;
      try {
        ws.close(code, reason);
      } catch {
        // Already closing.
      }
    },
    get open() {
      return ws.readyState === OPEN;
    },
    get bufferedAmount() {
      return (ws as unknown as { bufferedAmount?: number }).bufferedAmount ?? 0;
    },
  };
}
