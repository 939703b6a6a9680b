import type { HubLogger } from '@bosun/hub';
import pino from 'pino';

/** The server logs through pino; the CLI hands in its own (JSON lines on stderr). */
export type Logger = pino.Logger;

/** A logger that writes nothing: the manager's default when its caller hands in none. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

/** The hub's logging port, onto pino. */
export function hubLoggerFor(logger: Logger): HubLogger {
  return (level, msg, fields) => logger[level](fields ?? {}, msg);
}
