import {
  DEFAULT_STREAM_RETENTION,
  type LogRetention,
  type RetentionPolicy,
  retentionPolicySetting,
} from '@bosun/hub';
import { byteSize, ProtocolError } from '@bosun/protocol';

const GiB = 1024 ** 3;

/**
 * The object's log store unless set: 1 GiB of its SQLite storage (an object holds up to 10 GB,
 * shared with nothing else of bosun's but the manager key), and the hub's per-stream defaults,
 * as on Node.
 */
export const DEFAULT_OBJECT_LOG_RETENTION: LogRetention = { maxBytes: 1 * GiB, ...DEFAULT_STREAM_RETENTION };

/** `BOSUN_RETAIN`: which containers' logs are kept (`labelled`, `all`, `none`); the hub's default when unset. */
export function parseRetainBinding(text: string | undefined): RetentionPolicy | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  return retentionPolicySetting(text, 'BOSUN_RETAIN');
}

/** `BOSUN_LOG_RETENTION_BYTES`: the store's bound, a size such as `1GiB`. */
export function retentionOf(bytes: string | undefined): LogRetention {
  if (bytes === undefined || bytes.trim() === '') return DEFAULT_OBJECT_LOG_RETENTION;
  const maxBytes = byteSize(bytes.trim());
  if (maxBytes === undefined || maxBytes <= 0) {
    throw new ProtocolError(
      'invalid_data',
      `BOSUN_LOG_RETENTION_BYTES ${JSON.stringify(bytes)}: expected a size such as 1GiB or 500MiB`,
    );
  }
  return { ...DEFAULT_OBJECT_LOG_RETENTION, maxBytes };
}
