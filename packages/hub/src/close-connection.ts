import { type CloseCode, closeReason } from '@bosun/protocol';
import type { Connection } from './ports/connection.ts';

/** Closes without letting a misbehaving socket throw into the hub; the reason is cut to fit. */
export function closeConnection(conn: Connection, code: CloseCode, reason: string): void {
  try {
    conn.close(code, closeReason(reason));
  } catch {
    // Already closed or closing: nothing left to do.
  }
}
