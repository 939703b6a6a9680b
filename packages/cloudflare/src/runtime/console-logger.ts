import type { LogFields, Logger } from '@bosun/api';
import type { HubLogger } from '@bosun/hub';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * One JSON line per record on the console, which Workers keep as the invocation's logs
 * (`wrangler tail`) and Miniflare prints. Errors become their message and stack: an Error does
 * not survive JSON.stringify.
 */
export function consoleLogger(minimum: string | undefined): Logger & { hub: HubLogger } {
  const floor = RANK[(minimum as Level) ?? 'info'] ?? RANK.info;
  const write = (level: Level, fields: LogFields, msg: string) => {
    if (RANK[level] < floor) return;
    const record: Record<string, unknown> = { level, time: Date.now(), msg };
    for (const [key, value] of Object.entries(fields)) {
      record[key] = value instanceof Error ? { message: value.message, stack: value.stack } : value;
    }
    console.log(JSON.stringify(record));
  };
  return {
    debug: (fields, msg) => write('debug', fields, msg),
    info: (fields, msg) => write('info', fields, msg),
    warn: (fields, msg) => write('warn', fields, msg),
    error: (fields, msg) => write('error', fields, msg),
    hub: (level, msg, fields) => write(level, fields ?? {}, msg),
  };
}
