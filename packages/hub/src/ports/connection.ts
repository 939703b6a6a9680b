import type { ConnectionMemo } from '../restore/connection-memo.ts';

/**
 * One WebSocket as the hub sees it. Deliberately tiny: a Node `ws` socket and a hibernatable
 * Durable Objects socket must both fit it. The adapter feeds what arrives into the
 * `ConnectionHandler` the hub returns for the socket.
 */
export interface Connection {
  /** Unique among the adapter's live sockets; used in logs only. */
  readonly id: string;
  /** Queues a text frame; never throws on a closing socket (the adapter drops it). */
  send(text: string): void;
  /** Starts the close handshake; the adapter still calls `onClose` once the socket is gone. */
  close(code: number, reason: string): void;
  /**
   * Bytes accepted by `send` but not yet written out, with what holding them costs the adapter
   * beyond their bytes (the memory budget counts this): the hub's only backpressure signal.
   */
  readonly bufferedAmount: number;
  /**
   * False once the socket is closing or closed, whoever began it: what is sent now is dropped.
   * A socket on its way out may report nothing unsent, so the hub asks this before it spends
   * work on frames (a parked viewer catching up) that would only be thrown away.
   */
  readonly open: boolean;
  /** The peer's address, when the runtime knows it: the audit log's source for what the peer does. */
  readonly address?: string;
  /**
   * Keeps what the hub would need to take this socket over after the runtime dropped the hub's
   * memory while the socket stayed open (`Hub.resumeAgent`, `Hub.resumeViewer`); called when it
   * changes. Runtimes that never drop the hub's memory leave it out.
   */
  remember?(memo: ConnectionMemo): void;
  /**
   * When the runtime last answered a frame of this peer by itself, without the hub (a Durable
   * Object's auto-response to `AGENT_BEAT_FRAME`), in Unix ms: the agent was heard then.
   */
  heardAt?(): number | undefined;
}

/** What the hub returns for each socket: the adapter feeds it every frame and the close. */
export interface ConnectionHandler {
  onMessage(data: string | Uint8Array): void;
  /** Called exactly once when the socket is gone, whoever closed it; safe after `close`. */
  onClose(): void;
}
