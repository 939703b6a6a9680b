import { ProtocolError } from '@bosun/protocol';

/** Why the store cannot be used for now: its lock held elsewhere, its disk full, or I/O failing. */
export type StoreFailureReason = 'busy' | 'full' | 'io';

// Primary result codes (the low byte of node:sqlite's extended `errcode`).
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_READONLY = 8;
const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;
const SQLITE_CANTOPEN = 14;
const SQLITE_PROTOCOL = 15;

const REASON_OF: ReadonlyMap<number, StoreFailureReason> = new Map([
  [SQLITE_BUSY, 'busy'],
  [SQLITE_LOCKED, 'busy'],
  [SQLITE_FULL, 'full'],
  [SQLITE_READONLY, 'io'],
  [SQLITE_IOERR, 'io'],
  [SQLITE_CANTOPEN, 'io'],
  // WAL's lock protocol failing repeatedly: another connection is mid-recovery.
  [SQLITE_PROTOCOL, 'busy'],
]);

const MESSAGES: Record<StoreFailureReason, string> = {
  busy: "the manager's database is busy (another program holds its lock); try again",
  full: "the manager's database is full (no space left on its disk); try again once space is freed",
  io: "the manager's database cannot be read or written (a disk or file error); try again",
};

// What Retry-After says: a lock is held briefly, a full or failing disk needs a person.
const RETRY_AFTER_MS: Record<StoreFailureReason, number> = { busy: 1_000, full: 5_000, io: 5_000 };

/**
 * The store failing for now, not the request: a `store_unavailable` error (HTTP 503 with
 * Retry-After, a passing error for agents and viewers), never a refusal of who asks.
 */
export class StoreFailure extends ProtocolError {
  /** Which kind of failure: only `busy` is worth an immediate retry. */
  readonly reason: StoreFailureReason;

  constructor(reason: StoreFailureReason, action: string, cause: unknown) {
    super('store_unavailable', `${MESSAGES[reason]} (${action})`, {
      details: { retryAfterMs: RETRY_AFTER_MS[reason] },
      cause,
    });
    this.reason = reason;
  }
}

/** The failure `err` (thrown by node:sqlite) stands for, or undefined when it is not one of those. */
export function storeFailureReason(err: unknown): StoreFailureReason | undefined {
  const errcode = (err as { errcode?: unknown } | null)?.errcode;
  if (typeof errcode !== 'number') return undefined;
  return REASON_OF.get(errcode & 0xff);
}
