import pino from 'pino';

/** Structured logs go to stderr so stdout stays for command output. */
export function createLogger(name: string, level = process.env.BOSUN_LOG_LEVEL ?? 'info') {
  return pino({ name, level, base: { pid: process.pid } }, pino.destination(2));
}

/** A pino logger writing JSON lines to stderr. */
export type Logger = ReturnType<typeof createLogger>;
