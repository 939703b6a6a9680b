import { ProtocolError } from '@bosun/protocol';

/**
 * Whether `error` is the store failing for now (busy, disk full, I/O): an answer of 503, never a
 * refused credential.
 */
export function isStoreUnavailable(error: unknown): boolean {
  return error instanceof ProtocolError && error.code === 'store_unavailable';
}
