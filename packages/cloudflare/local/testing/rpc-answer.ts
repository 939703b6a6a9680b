import type { ErrorCode } from '@bosun/protocol';

/** What a test object's call answers across RPC, which keeps an error's message only: its code comes along. */
export type RpcAnswer<T> = { ok: true; value: T } | { ok: false; code: ErrorCode | null; message: string };
