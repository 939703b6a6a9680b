import type { LogFields, Logger } from '../ports/logger.ts';

/** One line a `MemoryLogger` kept. */
export type LoggedLine = { level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields: LogFields };

/** A `Logger` that keeps every line, so tests can see what the API reported. */
export class MemoryLogger implements Logger {
  readonly lines: LoggedLine[] = [];

  debug(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'debug', msg, fields });
  }

  info(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'info', msg, fields });
  }

  warn(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'warn', msg, fields });
  }

  error(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'error', msg, fields });
  }
}
