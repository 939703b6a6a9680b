/** Structured fields of a log line; a field named `err` holds an Error. */
export type LogFields = Record<string, unknown>;

/**
 * Where the API reports what it cannot tell the client (a failed request's cause, a client cut
 * for falling behind, an audit write that failed). The subset of pino's interface the API uses,
 * fields first, so the Node adapter hands in its pino logger as it is.
 */
export interface Logger {
  debug(fields: LogFields, msg: string): void;
  info(fields: LogFields, msg: string): void;
  warn(fields: LogFields, msg: string): void;
  error(fields: LogFields, msg: string): void;
}
